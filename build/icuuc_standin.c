/* icuuc.dll for the bundle: Qt6Core.dll imports ICU's converter functions (ucnv_*) from Windows'
   own icuuc.dll, which Windows 10 1703 and later have and Windows Server 2016, 2012 R2 and Wine
   do not. Loaded in its place, every converter reports that it cannot open, and Qt keeps to its
   built-in UTF-8/16/32 and Latin-1 converters, the only ones this program uses. Why and how:
   docs/architecture.md, "icuuc.dll". Built by build/icuuc_standin.py with MinGW. */
#include <stdint.h>

#define API __declspec(dllexport)
#define UNUSED(x) (void)(x)

typedef int ErrorCode;           /* ICU's UErrorCode: zero is success, positive is failure */
typedef uint16_t Unit;           /* ICU's UChar */
typedef struct Converter Converter;

enum { ICU_FILE_ACCESS_ERROR = 4, ICU_UNSUPPORTED_ERROR = 16 };

static void set_failure(ErrorCode *status, ErrorCode failure)
{
    if (status != 0 && *status <= 0)
        *status = failure;
}

static void clear_callback(void **context, const void **action)
{
    if (context != 0)
        *context = 0;
    if (action != 0)
        *action = 0;
}

API Converter *ucnv_open(const char *name, ErrorCode *status) { UNUSED(name); set_failure(status, ICU_FILE_ACCESS_ERROR); return 0; }
API void ucnv_close(Converter *converter) { UNUSED(converter); }
API int32_t ucnv_countAvailable(void) { return 0; }
API const char *ucnv_getAvailableName(int32_t index) { UNUSED(index); return 0; }
API const char *ucnv_getStandardName(const char *name, const char *standard, ErrorCode *status)
{ UNUSED(name); UNUSED(standard); set_failure(status, ICU_FILE_ACCESS_ERROR); return 0; }
API const char *ucnv_getName(const Converter *converter, ErrorCode *status)
{ UNUSED(converter); set_failure(status, ICU_UNSUPPORTED_ERROR); return 0; }
API int8_t ucnv_getMaxCharSize(const Converter *converter) { UNUSED(converter); return 4; }
API void ucnv_reset(Converter *converter) { UNUSED(converter); }
API int32_t ucnv_fromUCountPending(const Converter *converter, ErrorCode *status) { UNUSED(converter); UNUSED(status); return 0; }
API int32_t ucnv_toUCountPending(const Converter *converter, ErrorCode *status) { UNUSED(converter); UNUSED(status); return 0; }
API void ucnv_fromUnicode(Converter *converter, char **target, const char *target_limit, const Unit **source,
                          const Unit *source_limit, int32_t *offsets, int8_t flush, ErrorCode *status)
{
    UNUSED(converter); UNUSED(target); UNUSED(target_limit); UNUSED(source); UNUSED(source_limit);
    UNUSED(offsets); UNUSED(flush); set_failure(status, ICU_UNSUPPORTED_ERROR);
}
API void ucnv_toUnicode(Converter *converter, Unit **target, const Unit *target_limit, const char **source,
                        const char *source_limit, int32_t *offsets, int8_t flush, ErrorCode *status)
{
    UNUSED(converter); UNUSED(target); UNUSED(target_limit); UNUSED(source); UNUSED(source_limit);
    UNUSED(offsets); UNUSED(flush); set_failure(status, ICU_UNSUPPORTED_ERROR);
}
API void ucnv_setFromUCallBack(Converter *converter, const void *action, const void *context,
                               const void **old_action, void **old_context, ErrorCode *status)
{ UNUSED(converter); UNUSED(action); UNUSED(context); UNUSED(status); clear_callback(old_context, old_action); }
API void ucnv_setToUCallBack(Converter *converter, const void *action, const void *context,
                             const void **old_action, void **old_context, ErrorCode *status)
{ UNUSED(converter); UNUSED(action); UNUSED(context); UNUSED(status); clear_callback(old_context, old_action); }
API void ucnv_getFromUCallBack(const Converter *converter, const void **action, void **context)
{ UNUSED(converter); clear_callback(context, action); }
API void ucnv_getToUCallBack(const Converter *converter, const void **action, void **context)
{ UNUSED(converter); clear_callback(context, action); }
/* The callbacks themselves are only passed around by address; never called with an open converter. */
API void UCNV_FROM_U_CALLBACK_SUBSTITUTE(void) {}
API void UCNV_TO_U_CALLBACK_SUBSTITUTE(void) {}
API void ucnv_cbFromUWriteUChars(void) {}
API void ucnv_cbToUWriteUChars(void) {}
