PHP_ARG_ENABLE([lyger_floor], [whether to enable the bench floor], [--enable-lyger-floor], yes)
if test "$PHP_LYGER_FLOOR" != "no"; then
  PHP_NEW_EXTENSION(lyger_floor, lyger_floor.c, $ext_shared)
fi
