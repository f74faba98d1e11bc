/* This is a generated file, edit the .stub.php file instead.
 * Stub hash: a96f8bd41521aa61272fe8d5a8f64a6ede856fd2 */

ZEND_BEGIN_ARG_INFO_EX(arginfo_class_Lyger_Core_Engine___construct, 0, 0, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Lyger_Core_Engine___clone, 0, 0, IS_VOID, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_class_Lyger_Core_Engine_getInstance, 0, 0, Lyger\\Core\\Engine, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Lyger_Core_Engine_helloWorld, 0, 0, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Lyger_Core_Engine_heavyComputation, 0, 0, IS_DOUBLE, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, iterations, IS_LONG, 0, "1000000")
ZEND_END_ARG_INFO()

#define arginfo_class_Lyger_Core_Engine_systemInfo arginfo_class_Lyger_Core_Engine_helloWorld

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Lyger_Core_Engine_cacheSet, 0, 2, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, key, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, value, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, ttl, IS_LONG, 0, "0")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Lyger_Core_Engine_cacheGet, 0, 1, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, key, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Lyger_Core_Engine_cacheHas, 0, 1, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, key, IS_STRING, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_Lyger_Core_Engine_cacheDelete arginfo_class_Lyger_Core_Engine_cacheHas

#define arginfo_class_Lyger_Core_Engine_cacheClear arginfo_class_Lyger_Core_Engine___clone

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Lyger_Core_Engine_cacheSize, 0, 0, IS_LONG, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Lyger_Core_Engine_cacheSetBatch, 0, 1, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, json, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Lyger_Core_Engine_dbQuery, 0, 2, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, dsn, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, query, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, params, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Lyger_Core_Engine_jsonifyResult, 0, 1, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, ptr, IS_LONG, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Lyger_Core_Engine_freeResult, 0, 1, IS_VOID, 0)
	ZEND_ARG_TYPE_INFO(0, ptr, IS_LONG, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Lyger_Core_Engine_dbQueryJson, 0, 2, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, dsn, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, query, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, params, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

#define arginfo_class_Lyger_Core_Engine_dbExecute arginfo_class_Lyger_Core_Engine_dbQuery

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Lyger_Core_Engine_startServer, 0, 1, IS_VOID, 0)
	ZEND_ARG_TYPE_INFO(0, routerHandler, IS_CALLABLE, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, port, IS_LONG, 0, "8000")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, options, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

#define arginfo_class_Lyger_Core_Engine_stopServer arginfo_class_Lyger_Core_Engine___clone

#define arginfo_class_Lyger_Core_DatabaseException_getSqlState arginfo_class_Lyger_Core_Engine_helloWorld


ZEND_METHOD(Lyger_Core_Engine, __construct);
ZEND_METHOD(Lyger_Core_Engine, __clone);
ZEND_METHOD(Lyger_Core_Engine, getInstance);
ZEND_METHOD(Lyger_Core_Engine, helloWorld);
ZEND_METHOD(Lyger_Core_Engine, heavyComputation);
ZEND_METHOD(Lyger_Core_Engine, systemInfo);
ZEND_METHOD(Lyger_Core_Engine, cacheSet);
ZEND_METHOD(Lyger_Core_Engine, cacheGet);
ZEND_METHOD(Lyger_Core_Engine, cacheHas);
ZEND_METHOD(Lyger_Core_Engine, cacheDelete);
ZEND_METHOD(Lyger_Core_Engine, cacheClear);
ZEND_METHOD(Lyger_Core_Engine, cacheSize);
ZEND_METHOD(Lyger_Core_Engine, cacheSetBatch);
ZEND_METHOD(Lyger_Core_Engine, dbQuery);
ZEND_METHOD(Lyger_Core_Engine, jsonifyResult);
ZEND_METHOD(Lyger_Core_Engine, freeResult);
ZEND_METHOD(Lyger_Core_Engine, dbQueryJson);
ZEND_METHOD(Lyger_Core_Engine, dbExecute);
ZEND_METHOD(Lyger_Core_Engine, startServer);
ZEND_METHOD(Lyger_Core_Engine, stopServer);
ZEND_METHOD(Lyger_Core_DatabaseException, getSqlState);


static const zend_function_entry class_Lyger_Core_Engine_methods[] = {
	ZEND_ME(Lyger_Core_Engine, __construct, arginfo_class_Lyger_Core_Engine___construct, ZEND_ACC_PRIVATE)
	ZEND_ME(Lyger_Core_Engine, __clone, arginfo_class_Lyger_Core_Engine___clone, ZEND_ACC_PRIVATE)
	ZEND_ME(Lyger_Core_Engine, getInstance, arginfo_class_Lyger_Core_Engine_getInstance, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(Lyger_Core_Engine, helloWorld, arginfo_class_Lyger_Core_Engine_helloWorld, ZEND_ACC_PUBLIC)
	ZEND_ME(Lyger_Core_Engine, heavyComputation, arginfo_class_Lyger_Core_Engine_heavyComputation, ZEND_ACC_PUBLIC)
	ZEND_ME(Lyger_Core_Engine, systemInfo, arginfo_class_Lyger_Core_Engine_systemInfo, ZEND_ACC_PUBLIC)
	ZEND_ME(Lyger_Core_Engine, cacheSet, arginfo_class_Lyger_Core_Engine_cacheSet, ZEND_ACC_PUBLIC)
	ZEND_ME(Lyger_Core_Engine, cacheGet, arginfo_class_Lyger_Core_Engine_cacheGet, ZEND_ACC_PUBLIC)
	ZEND_ME(Lyger_Core_Engine, cacheHas, arginfo_class_Lyger_Core_Engine_cacheHas, ZEND_ACC_PUBLIC)
	ZEND_ME(Lyger_Core_Engine, cacheDelete, arginfo_class_Lyger_Core_Engine_cacheDelete, ZEND_ACC_PUBLIC)
	ZEND_ME(Lyger_Core_Engine, cacheClear, arginfo_class_Lyger_Core_Engine_cacheClear, ZEND_ACC_PUBLIC)
	ZEND_ME(Lyger_Core_Engine, cacheSize, arginfo_class_Lyger_Core_Engine_cacheSize, ZEND_ACC_PUBLIC)
	ZEND_ME(Lyger_Core_Engine, cacheSetBatch, arginfo_class_Lyger_Core_Engine_cacheSetBatch, ZEND_ACC_PUBLIC)
	ZEND_ME(Lyger_Core_Engine, dbQuery, arginfo_class_Lyger_Core_Engine_dbQuery, ZEND_ACC_PUBLIC)
	ZEND_ME(Lyger_Core_Engine, jsonifyResult, arginfo_class_Lyger_Core_Engine_jsonifyResult, ZEND_ACC_PUBLIC)
	ZEND_ME(Lyger_Core_Engine, freeResult, arginfo_class_Lyger_Core_Engine_freeResult, ZEND_ACC_PUBLIC)
	ZEND_ME(Lyger_Core_Engine, dbQueryJson, arginfo_class_Lyger_Core_Engine_dbQueryJson, ZEND_ACC_PUBLIC)
	ZEND_ME(Lyger_Core_Engine, dbExecute, arginfo_class_Lyger_Core_Engine_dbExecute, ZEND_ACC_PUBLIC)
	ZEND_ME(Lyger_Core_Engine, startServer, arginfo_class_Lyger_Core_Engine_startServer, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(Lyger_Core_Engine, stopServer, arginfo_class_Lyger_Core_Engine_stopServer, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_FE_END
};


static const zend_function_entry class_Lyger_Core_EngineException_methods[] = {
	ZEND_FE_END
};


static const zend_function_entry class_Lyger_Core_DatabaseException_methods[] = {
	ZEND_ME(Lyger_Core_DatabaseException, getSqlState, arginfo_class_Lyger_Core_DatabaseException_getSqlState, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};

static zend_class_entry *register_class_Lyger_Core_Engine(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Lyger\\Core", "Engine", class_Lyger_Core_Engine_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NO_DYNAMIC_PROPERTIES|ZEND_ACC_NOT_SERIALIZABLE;

	return class_entry;
}

static zend_class_entry *register_class_Lyger_Core_EngineException(zend_class_entry *class_entry_RuntimeException)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Lyger\\Core", "EngineException", class_Lyger_Core_EngineException_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_RuntimeException);

	return class_entry;
}

static zend_class_entry *register_class_Lyger_Core_DatabaseException(zend_class_entry *class_entry_Lyger_Core_EngineException)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Lyger\\Core", "DatabaseException", class_Lyger_Core_DatabaseException_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_Lyger_Core_EngineException);

	zval property_sqlState_default_value;
	ZVAL_EMPTY_STRING(&property_sqlState_default_value);
	zend_string *property_sqlState_name = zend_string_init("sqlState", sizeof("sqlState") - 1, 1);
	zend_declare_typed_property(class_entry, property_sqlState_name, &property_sqlState_default_value, ZEND_ACC_PROTECTED, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_sqlState_name);

	return class_entry;
}
