dnl config.m4 for the lyger extension.
dnl Finds libpq, jansson and libuv through pkg-config; --with-lyger-*-dir=PREFIX
dnl points at another prefix (package.xml offers the same four as <configureoption>s,
dnl default "autodetect" = pkg-config). Every src/*.c is compiled, with warnings on.

dnl Enabled by default: this package builds nothing else, and PIE runs a bare
dnl ./configure (it passes only the options the user names). --disable-lyger builds nothing.
PHP_ARG_ENABLE([lyger],
  [whether to enable lyger support],
  [AS_HELP_STRING([--disable-lyger], [Do not build lyger (it is built by default)])],
  [yes])

PHP_ARG_WITH([lyger-libpq-dir], [for libpq],
  [AS_HELP_STRING([--with-lyger-libpq-dir[=DIR]], [lyger: prefix of libpq (default: pkg-config)])],
  [no], [no])
PHP_ARG_WITH([lyger-jansson-dir], [for jansson],
  [AS_HELP_STRING([--with-lyger-jansson-dir[=DIR]], [lyger: prefix of jansson (default: pkg-config)])],
  [no], [no])
PHP_ARG_WITH([lyger-libuv-dir], [for libuv],
  [AS_HELP_STRING([--with-lyger-libuv-dir[=DIR]], [lyger: prefix of libuv (default: pkg-config)])],
  [no], [no])
PHP_ARG_WITH([lyger-http-parser-dir], [for http-parser],
  [AS_HELP_STRING([--with-lyger-http-parser-dir[=DIR]], [lyger: prefix of nodejs http-parser (default: /usr)])],
  [no], [no])
PHP_ARG_WITH([lyger-hiredis-dir], [for hiredis],
  [AS_HELP_STRING([--with-lyger-hiredis-dir[=DIR]], [lyger: prefix of hiredis, for the cache's optional Redis tier (default: pkg-config when present; "none" builds without it)])],
  [no], [no])

PHP_ARG_ENABLE([lyger-sqlite], [whether lyger speaks SQLite],
  [AS_HELP_STRING([--disable-lyger-sqlite], [lyger: build without the SQLite engine (sqlite: DSNs then fail)])],
  [yes], [no])
PHP_ARG_WITH([lyger-sqlite-dir], [for libsqlite3],
  [AS_HELP_STRING([--with-lyger-sqlite-dir[=DIR]], [lyger: prefix of libsqlite3 (default: pkg-config)])],
  [no], [no])

PHP_ARG_ENABLE([lyger-mysql], [whether lyger speaks MySQL/MariaDB],
  [AS_HELP_STRING([--disable-lyger-mysql], [lyger: build without the MySQL/MariaDB engine (mysql:// DSNs then fail)])],
  [yes], [no])
PHP_ARG_WITH([lyger-mariadb-dir], [for libmariadb],
  [AS_HELP_STRING([--with-lyger-mariadb-dir[=DIR]], [lyger: prefix of MariaDB Connector/C (default: pkg-config)])],
  [no], [no])

dnl LYGER_FIND_LIB(name, pkg-config module, dir option value, header, lib, debian package, option stem)
dnl No prefix given (the default, and what `pecl install` passes unless told
dnl otherwise): the system's pkg-config. A prefix given: its own .pc file when it
dnl has one (so the library's flags and dependencies are right), else its
dnl include/ (or include/postgresql/, Debian's layout for libpq) and lib/.
AC_DEFUN([LYGER_FIND_LIB], [
  lyger_dir="$3"
  if test "$lyger_dir" != "no" && test "$lyger_dir" != "yes" && test "$lyger_dir" != "autodetect" && test -n "$lyger_dir"; then
    lyger_pc_path=""
    lyger_pc_mod=`echo "$2" | cut -d' ' -f1`
    for lyger_pc in "$lyger_dir/$PHP_LIBDIR/pkgconfig" "$lyger_dir/lib/pkgconfig" "$lyger_dir/lib64/pkgconfig" "$lyger_dir/share/pkgconfig"; do
      if test -n "$PKG_CONFIG" && test -r "$lyger_pc/$lyger_pc_mod.pc"; then lyger_pc_path="$lyger_pc"; break; fi
    done
    if test -n "$lyger_pc_path"; then
      AC_MSG_CHECKING([for $2 in $lyger_pc_path])
      lyger_saved_pcp="$PKG_CONFIG_PATH"
      PKG_CONFIG_PATH="$lyger_pc_path${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
      export PKG_CONFIG_PATH
      if $PKG_CONFIG --exists "$2"; then
        AC_MSG_RESULT([yes])
      else
        AC_MSG_RESULT([no])
        AC_MSG_ERROR([lyger needs $2: $lyger_pc_path/$lyger_pc_mod.pc does not satisfy it])
      fi
      lyger_cflags=`$PKG_CONFIG --cflags "$2"`
      lyger_libs=`$PKG_CONFIG --libs "$2"`
      PKG_CONFIG_PATH="$lyger_saved_pcp"
      PHP_EVAL_INCLINE([$lyger_cflags])
      PHP_EVAL_LIBLINE([$lyger_libs], [LYGER_SHARED_LIBADD])
    else
      AC_MSG_CHECKING([for $4 under $lyger_dir])
      lyger_inc=""
      for lyger_i in "$lyger_dir/include" "$lyger_dir/include/postgresql" "$lyger_dir/include/mariadb"; do
        if test -r "$lyger_i/$4"; then lyger_inc="$lyger_i"; break; fi
      done
      if test -z "$lyger_inc"; then
        AC_MSG_RESULT([not found])
        AC_MSG_ERROR([lyger needs $1: $4 not found under $lyger_dir/include. On Debian/Ubuntu: apt-get install $6])
      fi
      AC_MSG_RESULT([$lyger_inc])
      lyger_libdir="$lyger_dir/$PHP_LIBDIR"
      test -d "$lyger_libdir" || lyger_libdir="$lyger_dir/lib"
      PHP_ADD_INCLUDE([$lyger_inc])
      PHP_ADD_LIBRARY_WITH_PATH([$5], [$lyger_libdir], [LYGER_SHARED_LIBADD])
    fi
  else
    PKG_CHECK_MODULES([LYGER_$5], [$2], [
      PHP_EVAL_INCLINE([$LYGER_$5_CFLAGS])
      PHP_EVAL_LIBLINE([$LYGER_$5_LIBS], [LYGER_SHARED_LIBADD])
    ], [
      AC_MSG_ERROR([lyger needs $1 ($2.pc not found by pkg-config). On Debian/Ubuntu: apt-get install $6, or pass --with-lyger-$7-dir=PREFIX])
    ])
  fi
])

if test "$PHP_LYGER" != "no"; then
  PKG_PROG_PKG_CONFIG
  LYGER_FIND_LIB([libpq], [libpq], [$PHP_LYGER_LIBPQ_DIR], [libpq-fe.h], [pq], [libpq-dev], [libpq])
  LYGER_FIND_LIB([jansson], [jansson >= 2.10], [$PHP_LYGER_JANSSON_DIR], [jansson.h], [jansson], [libjansson-dev], [jansson])
  LYGER_FIND_LIB([libuv], [libuv >= 1.23], [$PHP_LYGER_LIBUV_DIR], [uv.h], [uv], [libuv1-dev], [libuv])

  dnl Database engines beside PostgreSQL: each on by default, each may be turned off.
  lyger_engine_flags=""
  if test "$PHP_LYGER_SQLITE" != "no"; then
    LYGER_FIND_LIB([libsqlite3 (or configure --disable-lyger-sqlite)], [sqlite3 >= 3.20], [$PHP_LYGER_SQLITE_DIR], [sqlite3.h], [sqlite3], [libsqlite3-dev], [sqlite])
    lyger_engine_flags="$lyger_engine_flags -DLYGER_HAVE_SQLITE=1"
  else
    AC_MSG_NOTICE([lyger: SQLite engine disabled (--disable-lyger-sqlite): sqlite: DSNs will fail with a DatabaseException])
  fi

  if test "$PHP_LYGER_MYSQL" != "no"; then
    LYGER_FIND_LIB([MariaDB Connector/C (or configure --disable-lyger-mysql)], [libmariadb >= 3.1], [$PHP_LYGER_MARIADB_DIR], [mysql.h], [mariadb], [libmariadb-dev], [mariadb])
    lyger_engine_flags="$lyger_engine_flags -DLYGER_HAVE_MYSQL=1"
  else
    AC_MSG_NOTICE([lyger: MySQL/MariaDB engine disabled (--disable-lyger-mysql): mysql:// DSNs will fail with a DatabaseException])
  fi

  dnl nodejs http-parser ships no .pc file on Debian: plain header/library check.
  lyger_hp_dir="$PHP_LYGER_HTTP_PARSER_DIR"
  if test "$lyger_hp_dir" = "no" || test "$lyger_hp_dir" = "yes" || test "$lyger_hp_dir" = "autodetect" || test -z "$lyger_hp_dir"; then
    lyger_hp_dir=/usr
  fi
  AC_MSG_CHECKING([for http_parser.h])
  if test -r "$lyger_hp_dir/include/http_parser.h"; then
    AC_MSG_RESULT([$lyger_hp_dir/include])
    if test "$lyger_hp_dir" != "/usr"; then
      PHP_ADD_INCLUDE([$lyger_hp_dir/include])
    fi
    PHP_ADD_LIBRARY_WITH_PATH([http_parser], [$lyger_hp_dir/$PHP_LIBDIR], [LYGER_SHARED_LIBADD])
  else
    AC_MSG_RESULT([not found])
    AC_MSG_ERROR([lyger needs nodejs http-parser: http_parser.h not found. On Debian/Ubuntu: apt-get install libhttp-parser-dev, or pass --with-lyger-http-parser-dir=PREFIX])
  fi

  dnl hiredis is optional: without it lyger.cache_redis is refused at use (the
  dnl tier's sources compile to stubs). Asked for by prefix, it is required.
  lyger_hr_dir="$PHP_LYGER_HIREDIS_DIR"
  if test "$lyger_hr_dir" = "none"; then
    AC_MSG_NOTICE([lyger: built without hiredis (no Redis tier)])
  elif test "$lyger_hr_dir" != "no" && test "$lyger_hr_dir" != "yes" && test "$lyger_hr_dir" != "autodetect" && test -n "$lyger_hr_dir"; then
    LYGER_FIND_LIB([hiredis], [hiredis], [$lyger_hr_dir], [hiredis/hiredis.h], [hiredis], [libhiredis-dev], [hiredis])
    dnl a plain prefix without a .pc file: the header is included as <hiredis.h>
    test -r "$lyger_hr_dir/include/hiredis/hiredis.h" && PHP_ADD_INCLUDE([$lyger_hr_dir/include/hiredis])
    AC_DEFINE([HAVE_LYGER_HIREDIS], [1], [Whether lyger has the Redis tier])
  else
    PKG_CHECK_MODULES([LYGER_HIREDIS], [hiredis], [
      PHP_EVAL_INCLINE([$LYGER_HIREDIS_CFLAGS])
      PHP_EVAL_LIBLINE([$LYGER_HIREDIS_LIBS], [LYGER_SHARED_LIBADD])
      AC_DEFINE([HAVE_LYGER_HIREDIS], [1], [Whether lyger has the Redis tier])
    ], [
      AC_MSG_WARN([lyger: hiredis not found (apt-get install libhiredis-dev): built without the cache's Redis tier])
    ])
  fi

  PHP_SUBST([LYGER_SHARED_LIBADD])
  AC_DEFINE([HAVE_LYGER], [1], [Whether lyger is enabled])

  dnl Every plain-C module and binding under src/ is part of the extension. The glob
  dnl is taken in the source directory ($abs_srcdir: the checkout, or the unpacked
  dnl package when `pecl install` configures from a separate build directory);
  dnl tests/013 checks that the build compiles every tracked src/*.c.
  lyger_sources="lyger.c"
  for lyger_src in "$abs_srcdir"/src/*.c; do
    test -r "$lyger_src" || AC_MSG_ERROR([lyger: no sources found under $abs_srcdir/src])
    lyger_sources="$lyger_sources src/`basename $lyger_src`"
  done

  dnl -ffp-contract=off: heavyComputation must round exactly like the PHP
  dnl fallback (no fused multiply-add), so both implementations agree bit for bit.
  dnl -Wno-unused-parameter: Zend's INIT_FUNC_ARGS / INTERNAL_FUNCTION_PARAMETERS
  dnl declare parameters most functions do not use (php-src builds the same way).
  dnl -fvisibility=hidden: the module exports get_module alone (ZEND_GET_MODULE marks it
  dnl default); every other call between our files is then a direct call, not one
  dnl through the PLT (a shared set made ~10 of its ~150 ns of such calls).
  PHP_NEW_EXTENSION([lyger], [$lyger_sources], [$ext_shared], [],
    [-Wall -Wextra -Wno-unused-parameter -ffp-contract=off -fvisibility=hidden -DZEND_ENABLE_STATIC_TSRMLS_CACHE=1 $lyger_engine_flags])
  PHP_ADD_BUILD_DIR([$ext_builddir/src])
  PHP_ADD_INCLUDE([$ext_srcdir/src])
  PHP_ADD_EXTENSION_DEP([lyger], [session], [true])
fi
