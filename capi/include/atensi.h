/* Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0 */
/**
 * @file atensi.h
 * @brief The atensi C API: the stable ABI of libatensi.
 *
 * C bindings for atensi, the child social-rehabilitation (ATENSI) casework
 * library. This header is the only ABI-stable surface of atensi; the C++
 * headers under include/atensi/ are not. It is C99 and compiles unchanged as
 * C++.
 *
 * Conventions (read these once; every function below follows them):
 *
 *  (1) Opaque handles. Objects are exposed as pointers to incomplete structs
 *      (atensi_db, atensi_id_check, atensi_regions, ...). Their layout is
 *      private. Only values are transparent structs (atensi_date) and options
 *      structs carry an `unsigned int version` first field, an `*_INIT` macro
 *      and an `*_init()` function; the library rejects unknown versions.
 *
 *  (2) Status codes. Every function that can fail returns an `int` status:
 *      #ATENSI_OK (0) on success, otherwise a value of #atensi_status. The
 *      numeric values are stable forever; see #atensi_status for the reserved
 *      ranges. Code defensively: `switch` on the status with a `default:`.
 *
 *  (3) Error messages. When a call fails, the details (code, stable dotted
 *      reason such as "nik.day_range", the input field at fault, and a human
 *      message naming the rule and its legal source) are available from
 *      atensi_error_last(), which is thread-local and never returns NULL. Calls
 *      that take a handle also record the error on that handle (for example
 *      atensi_db_error()). Messages never contain personal data (no NIK, no
 *      names). Successful calls leave both untouched.
 *
 *  (4) Out-parameters first. Results are returned through pointer parameters
 *      that come before the inputs; a single output is named `out`.
 *
 *  (5) Ownership. Anything the library allocates for the caller is released
 *      either with atensi_free() (plain strings) or with the destroy function
 *      of its type (`atensi_<type>_destroy(&handle)`), which also sets the
 *      caller's pointer to NULL and accepts NULL. Never release library memory
 *      with free(). Strings returned as `const char *` are borrowed: they stay
 *      valid only as long as stated in the function's ownership section.
 *      When a constructor fails, `*out` is set to NULL.
 *
 *  (6) Misuse never crashes. A NULL where a pointer is required, a handle of
 *      the wrong type, a handle that was already destroyed, an options struct
 *      with an unknown version, or a getter called in the wrong state returns
 *      #ATENSI_MISUSE. Handles are checked against a registry of live handles,
 *      so a destroyed handle is detected unless its memory has been reused by
 *      a new handle of the same type.
 *
 *  (7) No exception crosses this boundary. An out-of-memory condition returns
 *      #ATENSI_NOMEM; any other unexpected C++ exception returns
 *      #ATENSI_INTERNAL.
 *
 *  (8) Booleans are `int`: 0 is false, any other value is true.
 *
 *  (9) Strings are NUL-terminated UTF-8, in and out. Input that is not valid
 *      UTF-8 is rejected with #ATENSI_INVALID_ARGUMENT.
 *
 * (10) Dates are calendar dates without time zone, passed as the transparent
 *      struct #atensi_date or as ISO-8601 text "YYYY-MM-DD". The library never
 *      reads the clock: "today" is always an argument.
 *
 * (11) Thread safety is stated on every function. The general rule: functions
 *      that take no handle may be called from any thread; a handle may be used
 *      from any thread but by only one thread at a time (the caller
 *      serialises), and distinct handles are independent.
 *
 * (12) Versioning. #ATENSI_VERSION_NUMBER is the version of this header;
 *      atensi_version_number() is the version of the loaded library. See
 *      docs/pages/abi-policy.md for the ABI policy and SOVERSION.
 */
#ifndef ATENSI_H_
#define ATENSI_H_

#include <stddef.h>
#include <stdint.h>

/**
 * @defgroup atensi_export Export macros
 * @brief Symbol visibility of the C API.
 * @{
 */

/**
 * @brief Marks a function of the public C API.
 *
 * Expands to the platform's export attribute while libatensi is being built
 * (ATENSI_COMPILE_LIBRARY), to the import attribute for Windows DLL clients,
 * and to nothing when ATENSI_STATIC is defined (static linking).
 */
#if defined(ATENSI_STATIC)
#define ATENSI_API
#elif defined(_WIN32)
#if defined(ATENSI_COMPILE_LIBRARY)
#define ATENSI_API __declspec(dllexport)
#else
#define ATENSI_API __declspec(dllimport)
#endif
#elif defined(__GNUC__) && __GNUC__ >= 4
#define ATENSI_API __attribute__((visibility("default")))
#else
#define ATENSI_API
#endif

/** @} */

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @defgroup atensi_version Version
 * @brief Compile-time and run-time version of atensi.
 *
 * A program can check that it runs against the library it was compiled for:
 * @code
 * assert(atensi_version_number() / 100 == ATENSI_VERSION_NUMBER / 100);
 * @endcode
 * @{
 */

/** @brief Major version of this header. */
#define ATENSI_VERSION_MAJOR 0
/** @brief Minor version of this header. */
#define ATENSI_VERSION_MINOR 1
/** @brief Patch version of this header. */
#define ATENSI_VERSION_PATCH 0
/** @brief MAJOR * 10000 + MINOR * 100 + PATCH, e.g. 0.1.0 -> 100. */
#define ATENSI_VERSION_NUMBER \
  (ATENSI_VERSION_MAJOR * 10000 + ATENSI_VERSION_MINOR * 100 + ATENSI_VERSION_PATCH)
/** @brief The version of this header as text, "MAJOR.MINOR.PATCH". */
#define ATENSI_VERSION_STRING "0.1.0"

/**
 * @brief The version of the loaded library, encoded as #ATENSI_VERSION_NUMBER.
 * @return MAJOR * 10000 + MINOR * 100 + PATCH of the library.
 * @errors None; this function cannot fail.
 * @ownership Nothing is allocated.
 * @thread_safety May be called from any thread.
 * @since 0.1.0
 */
ATENSI_API int atensi_version_number(void);

/**
 * @brief The version of the loaded library as text, e.g. "0.1.0".
 * @return A static NUL-terminated string; never NULL.
 * @errors None; this function cannot fail.
 * @ownership The string is static; do not free it.
 * @thread_safety May be called from any thread.
 * @since 0.1.0
 */
ATENSI_API const char *atensi_version_string(void);

/** @} */

/**
 * @defgroup atensi_error Status codes and errors
 * @brief Numeric status codes, their names, and the last error.
 * @{
 */

/**
 * @brief Status codes returned by atensi functions.
 *
 * Values are stable: a released value never changes meaning. Ranges:
 *  - 0: success.
 *  - 1..12: error families of the atensi core, mapped 1:1 from the C++
 *    StatusCode. 13..63 are reserved for future core families.
 *  - 64..95: errors raised by the C boundary itself (#ATENSI_MISUSE,
 *    #ATENSI_NOMEM). 66..95 are reserved.
 *  - 96..127: non-error signals (#ATENSI_DONE). 97..127 are reserved.
 *  - 128 and above are reserved and never returned by this major version.
 */
typedef enum atensi_status {
  /** Success. */
  ATENSI_OK = 0,
  /** Malformed input: a bad NIK, an impossible date, invalid UTF-8. */
  ATENSI_INVALID_ARGUMENT = 1,
  /** No such record, region or agency. */
  ATENSI_NOT_FOUND = 2,
  /** A unique key is already taken. */
  ATENSI_ALREADY_EXISTS = 3,
  /** A legal guard refused: an illegal transition, missing consent. */
  ATENSI_FAILED_PRECONDITION = 4,
  /** Optimistic concurrency: the record changed since it was read. */
  ATENSI_CONFLICT = 5,
  /** The actor may not do this. */
  ATENSI_PERMISSION_DENIED = 6,
  /** A deadline passed (referral response, token). */
  ATENSI_EXPIRED = 7,
  /** Storage or file I/O failed. */
  ATENSI_IO = 8,
  /** Stored data fails an integrity check (a broken audit hash chain). */
  ATENSI_CORRUPTION = 9,
  /** Storage is locked beyond the busy timeout. */
  ATENSI_BUSY = 10,
  /** Feature or format version not supported (also: options version newer than the library). */
  ATENSI_UNSUPPORTED = 11,
  /** A bug in atensi, including an unexpected exception inside the library. */
  ATENSI_INTERNAL = 12,
  /** The API was used incorrectly: NULL argument, wrong or destroyed handle, bad state. */
  ATENSI_MISUSE = 64,
  /** Memory allocation failed. */
  ATENSI_NOMEM = 65,
  /** Not an error: an iterator has no more rows. */
  ATENSI_DONE = 96,
  /** Never returned. Exists so that a `switch` over this enum keeps a `default:` branch. */
  ATENSI_STATUS_RESERVED_DO_NOT_SWITCH_ON_ME_ = 127
} atensi_status;

/**
 * @brief The stable lower-case name of a status code, e.g. "invalid_argument".
 * @param status A status code.
 * @return A static string; "unknown" for a value that is not an #atensi_status.
 * @errors None; this function cannot fail.
 * @ownership The string is static; do not free it.
 * @thread_safety May be called from any thread.
 * @since 0.1.0
 */
ATENSI_API const char *atensi_status_name(int status);

/**
 * @brief Details of a failed call.
 *
 * Owned by the library. Fields may be appended in later versions; never
 * allocate or copy this struct by value.
 */
typedef struct atensi_error {
  /** The #atensi_status of the failure; #ATENSI_OK when there was none. */
  int code;
  /** Stable dotted rule id, e.g. "nik.day_range"; "" when there is none. */
  const char *reason;
  /** The input field at fault, e.g. "nik"; "" when there is none. */
  const char *field;
  /** A human sentence naming the rule and its legal source; never NULL. */
  const char *message;
} atensi_error;

/**
 * @brief The last error raised on the calling thread.
 * @return Never NULL. When no call on this thread has failed (or after
 *         atensi_error_clear()), `code` is #ATENSI_OK and the strings are "".
 * @errors None; this function cannot fail and does not change the error.
 * @ownership Borrowed thread-local storage; valid until the next atensi call
 *            on the same thread fails or clears it. Do not free.
 * @thread_safety May be called from any thread; each thread has its own error.
 * @since 0.1.0
 */
ATENSI_API const atensi_error *atensi_error_last(void);

/**
 * @brief Resets the calling thread's last error to #ATENSI_OK.
 * @errors None; this function cannot fail.
 * @ownership Nothing is allocated.
 * @thread_safety May be called from any thread; affects only that thread.
 * @since 0.1.0
 */
ATENSI_API void atensi_error_clear(void);

/**
 * @brief Releases a string or buffer the library allocated for the caller.
 * @param ptr Memory returned by an atensi function documented as "free with
 *        atensi_free()"; NULL is ignored.
 * @errors None; this function cannot fail.
 * @ownership Takes ownership of `ptr`. Never pass a handle: handles have their
 *            own destroy function.
 * @thread_safety May be called from any thread.
 * @since 0.1.0
 */
ATENSI_API void atensi_free(void *ptr);

/** @} */

/**
 * @defgroup atensi_date Dates
 * @brief Calendar dates as a transparent value.
 * @{
 */

/**
 * @brief A Gregorian calendar date without time zone.
 *
 * A transparent value: build it on the stack. A valid date has year
 * 1400..9999, month 1..12 and a day that exists in that month.
 */
typedef struct atensi_date {
  int32_t year;  /**< Year, e.g. 2026. */
  int32_t month; /**< Month, 1..12. */
  int32_t day;   /**< Day of the month, 1..31. */
} atensi_date;

/**
 * @brief Parses an ISO-8601 calendar date "YYYY-MM-DD".
 * @param out Receives the date.
 * @param text Exactly "YYYY-MM-DD"; no time, no surrounding text.
 * @return #ATENSI_OK or an error code.
 * @errors #ATENSI_INVALID_ARGUMENT (reason "date.format" or "date.invalid")
 *         when the text is not a real date; #ATENSI_MISUSE when a pointer is NULL.
 * @ownership Nothing is allocated; `*out` is unchanged on failure.
 * @thread_safety May be called from any thread.
 * @since 0.1.0
 */
ATENSI_API int atensi_date_parse(atensi_date *out, const char *text);

/**
 * @brief Formats a date as ISO-8601 text "YYYY-MM-DD".
 * @param out Receives a newly allocated string, or NULL on failure.
 * @param date The date; must be valid.
 * @return #ATENSI_OK or an error code.
 * @errors #ATENSI_INVALID_ARGUMENT (reason "date.invalid") when the date does
 *         not exist; #ATENSI_MISUSE when a pointer is NULL; #ATENSI_NOMEM.
 * @ownership The caller owns `*out` and frees it with atensi_free().
 * @thread_safety May be called from any thread.
 * @since 0.1.0
 */
ATENSI_API int atensi_date_format(char **out, const atensi_date *date);

/** @} */

/**
 * @defgroup atensi_region Regions
 * @brief The compiled-in Kemendagri region table (kode wilayah).
 *
 * Region codes are written dotted ("15.03.01.2001") or undotted
 * ("1503012001"); results are always dotted. A lookup, a children listing and
 * a name search all return an #atensi_regions result set, read with a cursor:
 * @code
 * atensi_regions *rs = NULL;
 * if (atensi_region_children(&rs, "15") == ATENSI_OK) {
 *   const char *code, *name;
 *   while (atensi_regions_next(rs) == ATENSI_OK) {
 *     atensi_regions_code(&code, rs);
 *     atensi_regions_name(&name, rs);
 *   }
 * }
 * atensi_regions_destroy(&rs);
 * @endcode
 * @{
 */

/** @brief Administrative level of a region. */
typedef enum atensi_region_level {
  ATENSI_REGION_ANY = 0,      /**< No level filter (search only). */
  ATENSI_REGION_PROVINCE = 1, /**< Provinsi, code PP. */
  ATENSI_REGION_REGENCY = 2,  /**< Kabupaten or kota, code PP.KK. */
  ATENSI_REGION_DISTRICT = 3, /**< Kecamatan, code PP.KK.CC. */
  ATENSI_REGION_VILLAGE = 4   /**< Kelurahan or desa, code PP.KK.CC.VVVV. */
} atensi_region_level;

/** @brief Kind of a region within its level. */
typedef enum atensi_region_kind {
  ATENSI_REGION_KIND_PROVINCE = 1,  /**< Provinsi. */
  ATENSI_REGION_KIND_KABUPATEN = 2, /**< Kabupaten (regency code 01-69). */
  ATENSI_REGION_KIND_KOTA = 3,      /**< Kota (regency code 71-99). */
  ATENSI_REGION_KIND_KECAMATAN = 4, /**< Kecamatan. */
  ATENSI_REGION_KIND_KELURAHAN = 5, /**< Kelurahan (village code 1xxx). */
  ATENSI_REGION_KIND_DESA = 6,      /**< Desa (village code 2xxx). */
  ATENSI_REGION_KIND_DESA_ADAT = 7  /**< Desa adat (village code 3xxx). */
} atensi_region_kind;

/** @brief A result set of region rows, read with a cursor. Opaque. */
typedef struct atensi_regions atensi_regions;

/**
 * @brief The decree the compiled-in region table follows.
 * @param out Receives e.g. "Kepmendagri 300.2.2-2430/2025".
 * @return #ATENSI_OK or #ATENSI_MISUSE.
 * @errors #ATENSI_MISUSE when `out` is NULL.
 * @ownership `*out` is static; do not free it.
 * @thread_safety May be called from any thread.
 * @since 0.1.0
 */
ATENSI_API int atensi_region_table_decree(const char **out);

/**
 * @brief Looks up one current region by code.
 * @param out Receives a result set holding exactly one row, or NULL on failure.
 * @param code A region code, dotted or undotted.
 * @return #ATENSI_OK or an error code.
 * @errors #ATENSI_INVALID_ARGUMENT (reason "region.format") when `code` is not
 *         a well-formed code; #ATENSI_NOT_FOUND (reason "region.unknown") when
 *         no current region has it; #ATENSI_MISUSE; #ATENSI_NOMEM.
 * @ownership The caller owns `*out` and releases it with atensi_regions_destroy().
 * @thread_safety May be called from any thread.
 * @since 0.1.0
 */
ATENSI_API int atensi_region_lookup(atensi_regions **out, const char *code);

/**
 * @brief Lists the direct children of a region, in code order.
 * @param out Receives the result set (possibly empty), or NULL on failure.
 * @param parent_code A region code; NULL or "" lists the provinces.
 * @return #ATENSI_OK or an error code.
 * @errors #ATENSI_INVALID_ARGUMENT (reason "region.format") when the code is
 *         malformed; #ATENSI_NOT_FOUND (reason "region.unknown") when it is
 *         well-formed but not a current region; #ATENSI_MISUSE; #ATENSI_NOMEM.
 * @ownership The caller owns `*out` and releases it with atensi_regions_destroy().
 * @thread_safety May be called from any thread.
 * @since 0.1.0
 */
ATENSI_API int atensi_region_children(atensi_regions **out, const char *parent_code);

/**
 * @brief Searches regions by name.
 *
 * Matching ignores case, spaces and punctuation, and accepts the query as a
 * prefix of the name or of any word in it ("sarolangun", "KAB. SAROLANGUN").
 * Rows are ordered by level, then code.
 * @param out Receives the result set (possibly empty), or NULL on failure.
 * @param query The name or name prefix, UTF-8, not empty.
 * @param limit Maximum number of rows, 1..1000.
 * @param level An #atensi_region_level, or #ATENSI_REGION_ANY.
 * @param within A region code limiting the search to its subtree, or NULL.
 * @return #ATENSI_OK or an error code.
 * @errors #ATENSI_INVALID_ARGUMENT for an empty query or invalid UTF-8 (reason
 *         "region.query"), a limit outside 1..1000 ("region.limit"), an unknown
 *         level ("region.level") or a malformed `within` ("region.format");
 *         #ATENSI_MISUSE; #ATENSI_NOMEM.
 * @ownership The caller owns `*out` and releases it with atensi_regions_destroy().
 * @thread_safety May be called from any thread.
 * @since 0.1.0
 */
ATENSI_API int atensi_region_search(atensi_regions **out, const char *query, size_t limit,
                                    int level, const char *within);

/**
 * @brief Number of rows in a region result set.
 * @param out Receives the row count.
 * @param regions The result set.
 * @return #ATENSI_OK or #ATENSI_MISUSE.
 * @errors #ATENSI_MISUSE when a pointer is NULL or the handle is not a live
 *         #atensi_regions.
 * @ownership Nothing is allocated.
 * @thread_safety One thread at a time per handle.
 * @since 0.1.0
 */
ATENSI_API int atensi_regions_count(size_t *out, const atensi_regions *regions);

/**
 * @brief Advances the cursor to the next row.
 *
 * A new result set is positioned before its first row, so call this before
 * reading the first row.
 * @param regions The result set.
 * @return #ATENSI_OK when positioned on a row; #ATENSI_DONE when there are no
 *         more rows (repeated calls keep returning #ATENSI_DONE).
 * @errors #ATENSI_MISUSE when the handle is NULL or not a live #atensi_regions.
 * @ownership Invalidates strings borrowed from the previous row.
 * @thread_safety One thread at a time per handle.
 * @since 0.1.0
 */
ATENSI_API int atensi_regions_next(atensi_regions *regions);

/**
 * @brief The dotted code of the current row, e.g. "15.03".
 * @param out Receives the code.
 * @param regions The result set, positioned on a row.
 * @return #ATENSI_OK or #ATENSI_MISUSE.
 * @errors #ATENSI_MISUSE when a pointer is NULL, the handle is not live, or
 *         the cursor is not on a row.
 * @ownership Borrowed; valid until the next atensi_regions_next() or
 *            atensi_regions_destroy() on this handle.
 * @thread_safety One thread at a time per handle.
 * @since 0.1.0
 */
ATENSI_API int atensi_regions_code(const char **out, const atensi_regions *regions);

/**
 * @brief The official name of the current row, e.g. "Kabupaten Sarolangun".
 * @param out Receives the UTF-8 name.
 * @param regions The result set, positioned on a row.
 * @return #ATENSI_OK or #ATENSI_MISUSE.
 * @errors #ATENSI_MISUSE when a pointer is NULL, the handle is not live, or
 *         the cursor is not on a row.
 * @ownership Borrowed; valid until the next atensi_regions_next() or
 *            atensi_regions_destroy() on this handle.
 * @thread_safety One thread at a time per handle.
 * @since 0.1.0
 */
ATENSI_API int atensi_regions_name(const char **out, const atensi_regions *regions);

/**
 * @brief The level of the current row.
 * @param out Receives an #atensi_region_level (1..4).
 * @param regions The result set, positioned on a row.
 * @return #ATENSI_OK or #ATENSI_MISUSE.
 * @errors #ATENSI_MISUSE when a pointer is NULL, the handle is not live, or
 *         the cursor is not on a row.
 * @ownership Nothing is allocated.
 * @thread_safety One thread at a time per handle.
 * @since 0.1.0
 */
ATENSI_API int atensi_regions_level(int *out, const atensi_regions *regions);

/**
 * @brief The kind of the current row.
 * @param out Receives an #atensi_region_kind.
 * @param regions The result set, positioned on a row.
 * @return #ATENSI_OK or #ATENSI_MISUSE.
 * @errors #ATENSI_MISUSE when a pointer is NULL, the handle is not live, or
 *         the cursor is not on a row.
 * @ownership Nothing is allocated.
 * @thread_safety One thread at a time per handle.
 * @since 0.1.0
 */
ATENSI_API int atensi_regions_kind(int *out, const atensi_regions *regions);

/**
 * @brief The number of direct children of the current row.
 * @param out Receives the count (0 for villages).
 * @param regions The result set, positioned on a row.
 * @return #ATENSI_OK or #ATENSI_MISUSE.
 * @errors #ATENSI_MISUSE when a pointer is NULL, the handle is not live, or
 *         the cursor is not on a row.
 * @ownership Nothing is allocated.
 * @thread_safety One thread at a time per handle.
 * @since 0.1.0
 */
ATENSI_API int atensi_regions_child_count(uint32_t *out, const atensi_regions *regions);

/**
 * @brief Destroys a region result set and sets `*regions` to NULL.
 * @param regions Address of the handle; NULL and `*regions == NULL` are
 *        ignored. A pointer that is not a live #atensi_regions is left alone
 *        and recorded as #ATENSI_MISUSE in atensi_error_last().
 * @errors None returned; misuse is recorded in atensi_error_last().
 * @ownership Releases the handle and every string borrowed from it.
 * @thread_safety One thread at a time per handle.
 * @since 0.1.0
 */
ATENSI_API void atensi_regions_destroy(atensi_regions **regions);

/** @} */

/**
 * @defgroup atensi_identity NIK and No. KK
 * @brief Parsing and validating the 16-digit Dukcapil numbers.
 *
 * A NIK is PP KK CC DD MM YY SSSS: the region of first registration, the
 * birth date (day + 40 for women) and a serial. A No. KK has the same shape
 * with the KK's recording date and no +40 rule. The region prefix is where the
 * number was first issued, never the domicile: do not derive jurisdiction
 * from it.
 *
 * Parsing never fails because the number is invalid: the findings are in the
 * returned #atensi_id_check (errors make it invalid, warnings do not), each
 * with a stable dotted code ("nik.day_range") and a message.
 * @{
 */

/** @brief Which number an #atensi_id_check holds. */
typedef enum atensi_id_kind {
  ATENSI_ID_NIK = 1, /**< Nomor Induk Kependudukan. */
  ATENSI_ID_KK = 2   /**< Nomor Kartu Keluarga. */
} atensi_id_kind;

/** @brief Sex as recorded or decoded. */
typedef enum atensi_sex {
  ATENSI_SEX_UNKNOWN = 0, /**< Not known or not decodable. */
  ATENSI_SEX_MALE = 1,    /**< Laki-laki. */
  ATENSI_SEX_FEMALE = 2   /**< Perempuan. */
} atensi_sex;

/** @brief Severity of an identity-number finding. */
typedef enum atensi_issue_severity {
  ATENSI_ISSUE_ERROR = 1,  /**< Makes the number invalid. */
  ATENSI_ISSUE_WARNING = 2 /**< Worth a look; the number stays valid. */
} atensi_issue_severity;

/** @brief Which region code of an identity number to read. */
typedef enum atensi_id_region_part {
  ATENSI_ID_PROVINCE = 1,         /**< PP as written. */
  ATENSI_ID_REGENCY = 2,          /**< PP.KK as written. */
  ATENSI_ID_DISTRICT = 3,         /**< PP.KK.CC as written. */
  ATENSI_ID_CURRENT_REGENCY = 4,  /**< Today's code for PP.KK (after historical moves). */
  ATENSI_ID_CURRENT_DISTRICT = 5  /**< Today's code for PP.KK.CC. */
} atensi_id_region_part;

/** @brief The outcome of parsing a NIK or No. KK. Opaque. */
typedef struct atensi_id_check atensi_id_check;

/**
 * @brief Parses and validates a NIK.
 *
 * Separators space, '.' and '-' are accepted between digits. The century is
 * taken from `recorded_birth_date` when its year ends in YY, otherwise 20YY
 * unless that is after the reference year.
 * @param out Receives the check, or NULL on failure.
 * @param text The NIK as typed, UTF-8.
 * @param reference_date "Today" in the caller's time zone; a birth date after
 *        it is an error.
 * @param recorded_birth_date The birth date on record (KK, akta), or NULL.
 * @return #ATENSI_OK (also when the NIK is invalid) or an error code.
 * @errors #ATENSI_INVALID_ARGUMENT (reason "date.invalid") when a date argument
 *         does not exist; #ATENSI_MISUSE when `out`, `text` or `reference_date`
 *         is NULL; #ATENSI_NOMEM.
 * @ownership The caller owns `*out` and releases it with atensi_id_check_destroy().
 * @thread_safety May be called from any thread.
 * @since 0.1.0
 */
ATENSI_API int atensi_nik_parse(atensi_id_check **out, const char *text,
                                const atensi_date *reference_date,
                                const atensi_date *recorded_birth_date);

/**
 * @brief Parses and validates a No. KK (family card number).
 * @param out Receives the check, or NULL on failure.
 * @param text The number as typed, UTF-8.
 * @param reference_date "Today"; a recording date after it is an error.
 * @return #ATENSI_OK (also when the number is invalid) or an error code.
 * @errors #ATENSI_INVALID_ARGUMENT (reason "date.invalid") when the reference
 *         date does not exist; #ATENSI_MISUSE when a pointer is NULL;
 *         #ATENSI_NOMEM.
 * @ownership The caller owns `*out` and releases it with atensi_id_check_destroy().
 * @thread_safety May be called from any thread.
 * @since 0.1.0
 */
ATENSI_API int atensi_kk_parse(atensi_id_check **out, const char *text,
                               const atensi_date *reference_date);

/**
 * @brief Validates a NIK and reports the first error as the status.
 * @param text The NIK as typed.
 * @param reference_date "Today" in the caller's time zone.
 * @return #ATENSI_OK when the NIK is valid, otherwise an error code.
 * @errors #ATENSI_INVALID_ARGUMENT with the rule as reason (e.g.
 *         "nik.day_range") and field "nik" when the NIK is invalid, or reason
 *         "date.invalid" for a bad reference date; #ATENSI_MISUSE; #ATENSI_NOMEM.
 * @ownership Nothing is allocated.
 * @thread_safety May be called from any thread.
 * @since 0.1.0
 */
ATENSI_API int atensi_nik_validate(const char *text, const atensi_date *reference_date);

/**
 * @brief Validates a No. KK and reports the first error as the status.
 * @param text The number as typed.
 * @param reference_date "Today" in the caller's time zone.
 * @return #ATENSI_OK when the number is valid, otherwise an error code.
 * @errors #ATENSI_INVALID_ARGUMENT with the rule as reason (e.g.
 *         "kk.serial_zero") and field "kk"; #ATENSI_MISUSE; #ATENSI_NOMEM.
 * @ownership Nothing is allocated.
 * @thread_safety May be called from any thread.
 * @since 0.1.0
 */
ATENSI_API int atensi_kk_validate(const char *text, const atensi_date *reference_date);

/**
 * @brief Which number a check holds.
 * @param out Receives an #atensi_id_kind.
 * @param check The check.
 * @return #ATENSI_OK or #ATENSI_MISUSE.
 * @errors #ATENSI_MISUSE when a pointer is NULL or the handle is not a live
 *         #atensi_id_check.
 * @ownership Nothing is allocated.
 * @thread_safety One thread at a time per handle.
 * @since 0.1.0
 */
ATENSI_API int atensi_id_check_kind(int *out, const atensi_id_check *check);

/**
 * @brief Whether the number is valid (no error findings; warnings allowed).
 * @param out Receives 1 when valid, 0 otherwise.
 * @param check The check.
 * @return #ATENSI_OK or #ATENSI_MISUSE.
 * @errors #ATENSI_MISUSE when a pointer is NULL or the handle is not live.
 * @ownership Nothing is allocated.
 * @thread_safety One thread at a time per handle.
 * @since 0.1.0
 */
ATENSI_API int atensi_id_check_valid(int *out, const atensi_id_check *check);

/**
 * @brief The 16 digits without separators.
 * @param out Receives the digits, or "" when the input did not have 16 digits.
 * @param check The check.
 * @return #ATENSI_OK or #ATENSI_MISUSE.
 * @errors #ATENSI_MISUSE when a pointer is NULL or the handle is not live.
 * @ownership Borrowed; valid until atensi_id_check_destroy(). This is personal
 *            data: do not log it.
 * @thread_safety One thread at a time per handle.
 * @since 0.1.0
 */
ATENSI_API int atensi_id_check_digits(const char **out, const atensi_id_check *check);

/**
 * @brief The sex decoded from a NIK's day code.
 * @param out Receives an #atensi_sex; #ATENSI_SEX_UNKNOWN for a No. KK or
 *        when the day code is out of range.
 * @param check The check.
 * @return #ATENSI_OK or #ATENSI_MISUSE.
 * @errors #ATENSI_MISUSE when a pointer is NULL or the handle is not live.
 * @ownership Nothing is allocated.
 * @thread_safety One thread at a time per handle.
 * @since 0.1.0
 */
ATENSI_API int atensi_id_check_sex(int *out, const atensi_id_check *check);

/**
 * @brief The date encoded in the number: birth date (NIK) or recording date (No. KK).
 * @param out Receives the date.
 * @param check The check.
 * @return #ATENSI_OK, #ATENSI_NOT_FOUND or #ATENSI_MISUSE.
 * @errors #ATENSI_NOT_FOUND (reason "id.no_date") when the digits do not form
 *         a real date; #ATENSI_MISUSE when a pointer is NULL or the handle is
 *         not live.
 * @ownership Nothing is allocated; `*out` is unchanged unless #ATENSI_OK.
 * @thread_safety One thread at a time per handle.
 * @since 0.1.0
 */
ATENSI_API int atensi_id_check_date(atensi_date *out, const atensi_id_check *check);

/**
 * @brief The serial SSSS.
 * @param out Receives the serial; 0 when not decoded.
 * @param check The check.
 * @return #ATENSI_OK or #ATENSI_MISUSE.
 * @errors #ATENSI_MISUSE when a pointer is NULL or the handle is not live.
 * @ownership Nothing is allocated.
 * @thread_safety One thread at a time per handle.
 * @since 0.1.0
 */
ATENSI_API int atensi_id_check_serial(int *out, const atensi_id_check *check);

/**
 * @brief A dotted region code of the number's prefix (place of first registration).
 * @param out Receives the dotted code, e.g. "15.03.01".
 * @param check The check.
 * @param part An #atensi_id_region_part.
 * @return #ATENSI_OK, #ATENSI_NOT_FOUND or an error code.
 * @errors #ATENSI_NOT_FOUND (reason "id.no_region") when that part is not a
 *         well-formed code, or has no current equivalent;
 *         #ATENSI_INVALID_ARGUMENT (reason "id.region_part") for an unknown
 *         `part`; #ATENSI_MISUSE when a pointer is NULL or the handle is not live.
 * @ownership Borrowed; valid until atensi_id_check_destroy().
 * @thread_safety One thread at a time per handle.
 * @since 0.1.0
 */
ATENSI_API int atensi_id_check_region(const char **out, const atensi_id_check *check, int part);

/**
 * @brief Whether the prefix resolved only through a historical code move (e.g. 91.01 -> 93.01).
 * @param out Receives 1 or 0.
 * @param check The check.
 * @return #ATENSI_OK or #ATENSI_MISUSE.
 * @errors #ATENSI_MISUSE when a pointer is NULL or the handle is not live.
 * @ownership Nothing is allocated.
 * @thread_safety One thread at a time per handle.
 * @since 0.1.0
 */
ATENSI_API int atensi_id_check_historical(int *out, const atensi_id_check *check);

/**
 * @brief The number of findings of one severity.
 * @param out Receives the count.
 * @param check The check.
 * @param severity An #atensi_issue_severity.
 * @return #ATENSI_OK or an error code.
 * @errors #ATENSI_INVALID_ARGUMENT (reason "id.severity") for an unknown
 *         severity; #ATENSI_MISUSE when a pointer is NULL or the handle is not live.
 * @ownership Nothing is allocated.
 * @thread_safety One thread at a time per handle.
 * @since 0.1.0
 */
ATENSI_API int atensi_id_check_issue_count(size_t *out, const atensi_id_check *check,
                                           int severity);

/**
 * @brief One finding: its stable code and its message.
 * @param out_code Receives the dotted code, e.g. "nik.serial_zero".
 * @param out_message Receives the message naming the rule; may be NULL if not wanted.
 * @param check The check.
 * @param severity An #atensi_issue_severity.
 * @param index 0-based, below atensi_id_check_issue_count().
 * @return #ATENSI_OK or an error code.
 * @errors #ATENSI_NOT_FOUND (reason "id.issue_index") when `index` is out of
 *         range; #ATENSI_INVALID_ARGUMENT (reason "id.severity") for an unknown
 *         severity; #ATENSI_MISUSE when `out_code` or `check` is NULL or the
 *         handle is not live.
 * @ownership Borrowed; valid until atensi_id_check_destroy().
 * @thread_safety One thread at a time per handle.
 * @since 0.1.0
 */
ATENSI_API int atensi_id_check_issue(const char **out_code, const char **out_message,
                                     const atensi_id_check *check, int severity, size_t index);

/**
 * @brief Destroys a check and sets `*check` to NULL.
 * @param check Address of the handle; NULL and `*check == NULL` are ignored.
 *        A pointer that is not a live #atensi_id_check is left alone and
 *        recorded as #ATENSI_MISUSE in atensi_error_last().
 * @errors None returned; misuse is recorded in atensi_error_last().
 * @ownership Releases the handle and every string borrowed from it.
 * @thread_safety One thread at a time per handle.
 * @since 0.1.0
 */
ATENSI_API void atensi_id_check_destroy(atensi_id_check **check);

/** @} */

/**
 * @defgroup atensi_db Database
 * @brief Opening and closing a casebook database.
 * @{
 */

/** @brief Open flag: create the database file when it does not exist. */
#define ATENSI_OPEN_CREATE 0x1u
/** @brief Open flag: open read-only; mutating calls fail. */
#define ATENSI_OPEN_READ_ONLY 0x2u

/**
 * @brief Options for opening a database. Versioned.
 *
 * Initialise with #ATENSI_OPEN_OPTIONS_INIT or atensi_open_options_init()
 * before setting fields; fields are only ever appended.
 */
typedef struct atensi_open_options {
  /** Must be #ATENSI_OPEN_OPTIONS_VERSION of the header the caller compiled against. */
  unsigned int version;
  /** Bitwise OR of ATENSI_OPEN_* flags; default #ATENSI_OPEN_CREATE. */
  unsigned int flags;
  /** How long to wait on a locked database, in milliseconds; default 5000. */
  int32_t busy_timeout_ms;
} atensi_open_options;

/** @brief The current version of #atensi_open_options. */
#define ATENSI_OPEN_OPTIONS_VERSION 1
/** @brief Static initialiser for #atensi_open_options with the defaults. */
#define ATENSI_OPEN_OPTIONS_INIT { ATENSI_OPEN_OPTIONS_VERSION, ATENSI_OPEN_CREATE, 5000 }

/**
 * @brief Initialises an options struct with the defaults of `version`.
 * @param opts The struct to fill.
 * @param version Pass #ATENSI_OPEN_OPTIONS_VERSION.
 * @return #ATENSI_OK or an error code.
 * @errors #ATENSI_MISUSE when `opts` is NULL or `version` is 0;
 *         #ATENSI_UNSUPPORTED (reason "capi.options_version") when `version`
 *         is newer than this library knows (header newer than library).
 * @ownership Nothing is allocated.
 * @thread_safety May be called from any thread.
 * @since 0.1.0
 */
ATENSI_API int atensi_open_options_init(atensi_open_options *opts, unsigned int version);

/** @} */

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* ATENSI_H_ */
