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
 *      struct #atensi_date or as ISO-8601 text "YYYY-MM-DD"; instants are
 *      `int64_t` milliseconds since 1970-01-01 UTC. Functions without a
 *      database take "today" or "now" as an argument and never read the
 *      clock; a database stamps its audit events with the system clock, or
 *      with a fixed clock chosen at open time (atensi_open_options).
 *
 * (13) Structured records (children, cases, referrals, routing decisions)
 *      cross the boundary as UTF-8 JSON documents in the core's own form:
 *      snake_case keys, enums by their stable names, dates "YYYY-MM-DD",
 *      instants "YYYY-MM-DDTHH:MM:SS.mmmZ". Returned documents are `char *`
 *      freed with atensi_free(). Unknown input keys are ignored, so adding
 *      keys is an ABI-compatible change.
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
#define ATENSI_VERSION_MINOR 3
/** @brief Patch version of this header. */
#define ATENSI_VERSION_PATCH 0
/** @brief MAJOR * 10000 + MINOR * 100 + PATCH, e.g. 0.1.0 -> 100. */
#define ATENSI_VERSION_NUMBER \
  (ATENSI_VERSION_MAJOR * 10000 + ATENSI_VERSION_MINOR * 100 + ATENSI_VERSION_PATCH)
/** @brief The version of this header as text, "MAJOR.MINOR.PATCH". */
#define ATENSI_VERSION_STRING "0.3.0"

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

/**
 * @brief The last error raised by a call on this result set.
 * @param regions The result set.
 * @return Never NULL; `code` is #ATENSI_OK when no call on the handle has
 *         failed. For a NULL or dead handle, an error with code #ATENSI_MISUSE.
 * @errors None; this function does not change any recorded error.
 * @ownership Borrowed; valid until the next failing call on the handle or its destroy.
 * @thread_safety One thread at a time per handle.
 * @since 0.1.0
 */
ATENSI_API const atensi_error *atensi_regions_error(const atensi_regions *regions);

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

/**
 * @brief The last error raised by a call on this check.
 * @param check The check.
 * @return Never NULL; `code` is #ATENSI_OK when no call on the handle has
 *         failed. For a NULL or dead handle, an error with code #ATENSI_MISUSE.
 * @errors None; this function does not change any recorded error.
 * @ownership Borrowed; valid until the next failing call on the handle or its destroy.
 * @thread_safety One thread at a time per handle.
 * @since 0.1.0
 */
ATENSI_API const atensi_error *atensi_id_check_error(const atensi_id_check *check);

/** @} */

/**
 * @defgroup atensi_db Database
 * @brief Opening and closing a casebook database, and who is acting.
 *
 * A database is a SQLite file holding children, cases and their audit hash
 * chains. Every mutating call takes an #atensi_actor, recorded in the audit
 * event. Records cross the boundary as JSON documents (UTF-8), in the form
 * the core itself stores: snake_case keys, enums by their stable names,
 * dates "YYYY-MM-DD", instants "YYYY-MM-DDTHH:MM:SS.mmmZ" (UTC), region codes
 * dotted. See docs/pages/c-api-conventions.md for the request shapes.
 * @{
 */

/** @brief An open casebook database. Opaque. */
typedef struct atensi_db atensi_db;

/** @brief Open flag: create the database file when it does not exist. */
#define ATENSI_OPEN_CREATE 0x1u

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
  /** How long to wait on a locked database, in milliseconds, 0..600000; default 5000. */
  int32_t busy_timeout_ms;
  /**
   * 0 (default): audit events are stamped with the system clock. Otherwise a
   * manual clock starting at this instant (milliseconds since 1970-01-01 UTC),
   * moved only by atensi_db_set_time(): for tests and replays.
   */
  int64_t fixed_clock_ms;
  /** 0 (default): record ids are random UUIDv7. Otherwise the id generator's seed (reproducible ids). */
  uint64_t id_seed;
} atensi_open_options;

/** @brief The current version of #atensi_open_options. */
#define ATENSI_OPEN_OPTIONS_VERSION 1
/** @brief Static initialiser for #atensi_open_options with the defaults. */
#define ATENSI_OPEN_OPTIONS_INIT { ATENSI_OPEN_OPTIONS_VERSION, ATENSI_OPEN_CREATE, 5000, 0, 0 }

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

/**
 * @brief Opens (creating and migrating as needed) a casebook database.
 * @param out Receives the database handle, or NULL on failure.
 * @param path A file path, or ":memory:" for a private in-memory database.
 * @param options Options (initialised as described there), or NULL for the defaults.
 * @return #ATENSI_OK or an error code.
 * @errors #ATENSI_IO, #ATENSI_BUSY when the file cannot be opened or is locked;
 *         #ATENSI_UNSUPPORTED (reason "store.schema_newer") when a newer atensi
 *         wrote the file; #ATENSI_CORRUPTION or #ATENSI_INVALID_ARGUMENT
 *         (reason "store.not_atensi") for a file that is not an atensi database;
 *         #ATENSI_INVALID_ARGUMENT (reason "capi.options") for an out-of-range
 *         option; #ATENSI_MISUSE for NULL arguments, or an options version of 0;
 *         #ATENSI_UNSUPPORTED (reason "capi.options_version") for a newer one;
 *         #ATENSI_NOMEM.
 * @ownership The caller owns `*out` and releases it with atensi_close().
 * @thread_safety May be called from any thread. Several handles (in one or
 *         several processes) may open the same file; SQLite locking and
 *         optimistic case versions arbitrate.
 * @since 0.1.0
 */
ATENSI_API int atensi_open(atensi_db **out, const char *path, const atensi_open_options *options);

/**
 * @brief Closes a database and sets `*db` to NULL.
 *
 * Result sets created from the database (#atensi_caseload) must be destroyed
 * first; using one afterwards returns #ATENSI_MISUSE.
 * @param db Address of the handle; NULL and `*db == NULL` are ignored. A
 *        pointer that is not a live #atensi_db is left alone and recorded as
 *        #ATENSI_MISUSE in atensi_error_last().
 * @errors None returned; misuse is recorded in atensi_error_last().
 * @ownership Releases the handle and everything borrowed from it.
 * @thread_safety One thread at a time per handle.
 * @since 0.1.0
 */
ATENSI_API void atensi_close(atensi_db **db);

/**
 * @brief The last error raised by a call on this database handle.
 * @param db The database.
 * @return Never NULL. `code` is #ATENSI_OK when no call on the handle has
 *         failed. For a NULL or dead handle, an error with code #ATENSI_MISUSE.
 * @errors None; this function does not change any recorded error.
 * @ownership Borrowed; valid until the next failing call on the handle or
 *            atensi_close(). Do not free.
 * @thread_safety One thread at a time per handle.
 * @since 0.1.0
 */
ATENSI_API const atensi_error *atensi_db_error(const atensi_db *db);

/**
 * @brief Sets the time of a database opened with a fixed clock.
 * @param db The database, opened with a non-zero `fixed_clock_ms`.
 * @param unix_ms The new time, in milliseconds since 1970-01-01 UTC.
 * @return #ATENSI_OK or an error code.
 * @errors #ATENSI_FAILED_PRECONDITION (reason "capi.system_clock") when the
 *         database uses the system clock; #ATENSI_MISUSE when the handle is
 *         NULL or not live.
 * @ownership Nothing is allocated.
 * @thread_safety One thread at a time per handle.
 * @since 0.1.0
 */
ATENSI_API int atensi_db_set_time(atensi_db *db, int64_t unix_ms);

/** @brief The role an actor has in their agency (stable values). */
typedef enum atensi_role {
  ATENSI_ROLE_CASE_WORKER = 1, /**< Pekerja sosial / pendamping handling cases. */
  ATENSI_ROLE_SUPERVISOR = 2,  /**< Approves plans, supervises case workers. */
  ATENSI_ROLE_COORDINATOR = 3, /**< Agency or regional coordinator. */
  ATENSI_ROLE_DATA_OFFICER = 4,/**< Imports, exports, data-subject requests. */
  ATENSI_ROLE_VIEWER = 5,      /**< Read-only. */
  ATENSI_ROLE_INTEGRATOR = 6   /**< A system account of an integrating application. */
} atensi_role;

/** @brief Right: may approve a plan they authored. */
#define ATENSI_RIGHT_SELF_APPROVE 0x1u

/**
 * @brief Who performs a mutating call. Versioned; recorded in the audit event.
 *
 * The strings are borrowed for the duration of the call only.
 */
typedef struct atensi_actor {
  /** Must be #ATENSI_ACTOR_VERSION. */
  unsigned int version;
  /** Opaque id of the person acting (never a NIK); 1..128 bytes. */
  const char *person_id;
  /** Id of the agency the person acts for, e.g. "dinsos.15.03"; 1..128 bytes. */
  const char *agency_id;
  /** An #atensi_role. */
  int role;
  /** Bitwise OR of ATENSI_RIGHT_* values. */
  uint32_t rights;
} atensi_actor;

/** @brief The current version of #atensi_actor. */
#define ATENSI_ACTOR_VERSION 1
/** @brief Static initialiser for #atensi_actor (ids still to be set). */
#define ATENSI_ACTOR_INIT { ATENSI_ACTOR_VERSION, NULL, NULL, ATENSI_ROLE_CASE_WORKER, 0u }

/** @} */

/**
 * @defgroup atensi_children Children
 * @brief Registering and reading the children cases are about.
 *
 * A child document: {"id": "" (assigned when empty), "nik": "16 digits" or
 * null, "name", "sex": "M"|"F", "birth_date", "domicile_region" (dotted code,
 * the recorded residence), "guardians": [{"id", "name", "role", "nik"}],
 * "family_links": [{"kk_number", "valid_from", "valid_to", "pkh_participant_id",
 * "dtsen": {"id", "decile", "as_of"}}]}. Every key is required (null for
 * absent optionals).
 * @{
 */

/**
 * @brief Validates and stores a new child.
 *
 * Validation runs at today's date of the database clock: the child must be
 * under 18 (UU 35/2014 art 1(1)); a NIK, when present, must be valid.
 * @param out_json Receives the stored child (with its id), or NULL on failure.
 * @param db The database.
 * @param child_json The child document.
 * @param actor Who registers the child.
 * @return #ATENSI_OK or an error code.
 * @errors #ATENSI_INVALID_ARGUMENT for a malformed document ("lifecycle.json",
 *         "capi.json") or a failed rule ("child.*", "nik.*", "actor.missing");
 *         #ATENSI_ALREADY_EXISTS ("store.nik_taken", "store.exists");
 *         #ATENSI_IO, #ATENSI_BUSY; #ATENSI_MISUSE; #ATENSI_NOMEM.
 * @ownership The caller owns `*out_json` and frees it with atensi_free().
 * @thread_safety One thread at a time per handle.
 * @since 0.1.0
 */
ATENSI_API int atensi_child_register(char **out_json, atensi_db *db, const char *child_json,
                                     const atensi_actor *actor);

/**
 * @brief Replaces a child record (validated again).
 * @param out_json Receives the stored child, or NULL on failure.
 * @param db The database.
 * @param child_json The full child document, with the id of a stored child.
 * @param actor Who changes the record.
 * @param reason Why, recorded in the audit event; NULL for none.
 * @return #ATENSI_OK or an error code.
 * @errors As atensi_child_register(), plus #ATENSI_NOT_FOUND
 *         ("store.child_not_found").
 * @ownership The caller owns `*out_json` and frees it with atensi_free().
 * @thread_safety One thread at a time per handle.
 * @since 0.1.0
 */
ATENSI_API int atensi_child_update(char **out_json, atensi_db *db, const char *child_json,
                                   const atensi_actor *actor, const char *reason);

/**
 * @brief Reads a child, as the session principal may see it.
 *
 * Since 0.3.0 it reads as the session principal (atensi_db_set_principal()):
 * authorized, redacted and access-logged as atensi_child_read(); with no
 * principal set it fails with #ATENSI_PERMISSION_DENIED
 * ("access.no_principal").
 * The document carries "reach" and "hidden" (hidden fields null).
 * @param out_json Receives the child document, or NULL on failure.
 * @param db The database.
 * @param child_id The child's id.
 * @return #ATENSI_OK or an error code.
 * @errors #ATENSI_NOT_FOUND ("store.child_not_found", "access.not_found");
 *         #ATENSI_PERMISSION_DENIED ("access.no_principal", "access.*"); #ATENSI_IO,
 *         #ATENSI_BUSY; #ATENSI_MISUSE; #ATENSI_NOMEM.
 * @ownership The caller owns `*out_json` and frees it with atensi_free().
 * @thread_safety One thread at a time per handle.
 * @since 0.1.0
 */
ATENSI_API int atensi_child_get(char **out_json, atensi_db *db, const char *child_id);

/** @} */

/**
 * @defgroup atensi_access Authorized reads
 * @brief Reads that name the acting principal and a purpose (issue 9).
 *
 * Who may see what is decided by the core (docs/access-control.md): a
 * permission matrix per role, the acting agency's reach on the case (lead,
 * coverage area, active referral, referrer), need-to-know categories (UU
 * 35/2014 art 64) and the redaction they imply. Every read of a child's
 * personal data appends an access-log entry (actor, purpose, time) in the
 * same transaction (UU 27/2022 art 32). A record the principal cannot reach
 * is reported as #ATENSI_NOT_FOUND ("access.not_found"), so its existence is
 * not disclosed. Documents returned by these calls carry "reach" ("status",
 * "shared" or "full") and "hidden" (the names of the fields withheld, set to
 * null in the document).
 * @{
 */

/** @brief Why personal data is read (stable values; recorded in the access log). */
typedef enum atensi_purpose {
  ATENSI_PURPOSE_CASE_HANDLING = 1,  /**< Working or following the case. */
  ATENSI_PURPOSE_SUPERVISION = 2,    /**< Supervisor or coordinator review. */
  ATENSI_PURPOSE_REFERRAL = 3,       /**< Acting on a referral. */
  ATENSI_PURPOSE_REPORT = 4,         /**< Reporting, data quality. */
  ATENSI_PURPOSE_AUDIT = 5,          /**< Audit of processing. */
  ATENSI_PURPOSE_SUBJECT_ACCESS = 6, /**< Answering the data subject (UU 27/2022 art 32). */
  ATENSI_PURPOSE_IMPORT = 7,         /**< Roster import and de-duplication. */
  ATENSI_PURPOSE_TRANSFER = 8        /**< Handing a case over. */
} atensi_purpose;

/**
 * @brief Reads a child as the principal may see it, and logs the read.
 * @param out_json Receives the child document (hidden fields null, plus
 *        "reach" and "hidden"), or NULL on failure.
 * @param db The database.
 * @param child_id The child's id.
 * @param actor The acting principal (person, agency, role).
 * @param purpose An #atensi_purpose the actor's role may claim.
 * @return #ATENSI_OK or an error code.
 * @errors #ATENSI_NOT_FOUND ("store.child_not_found", "access.not_found");
 *         #ATENSI_PERMISSION_DENIED ("access.role", "access.scope",
 *         "access.purpose"); #ATENSI_INVALID_ARGUMENT ("access.purpose",
 *         "actor.missing"); #ATENSI_IO, #ATENSI_BUSY; #ATENSI_MISUSE;
 *         #ATENSI_NOMEM.
 * @ownership The caller owns `*out_json` and frees it with atensi_free().
 * @thread_safety One thread at a time per handle.
 * @since 0.2.0
 */
ATENSI_API int atensi_child_read(char **out_json, atensi_db *db, const char *child_id,
                                 const atensi_actor *actor, int purpose);

/**
 * @brief Reads a case as the principal may see it, and logs the read.
 * @param out_json Receives the case document (hidden fields null, plus
 *        "reach" and "hidden"), or NULL on failure.
 * @param db The database.
 * @param case_id The case.
 * @param actor The acting principal.
 * @param purpose An #atensi_purpose the actor's role may claim.
 * @return #ATENSI_OK or an error code.
 * @errors As atensi_child_read(), with "store.case_not_found".
 * @ownership The caller owns `*out_json` and frees it with atensi_free().
 * @thread_safety One thread at a time per handle.
 * @since 0.2.0
 */
ATENSI_API int atensi_case_read(char **out_json, atensi_db *db, const char *case_id,
                                const atensi_actor *actor, int purpose);

/**
 * @brief The audit events of a case, for a principal holding the case file.
 *
 * Needs full reach and, on a need-to-know case, to be the assigned worker or
 * a supervisor of the lead agency ("access.need_to_know"). Logged. The array
 * has the layout of atensi_case_history().
 * @param out_json Receives the array, or NULL on failure.
 * @param db The database.
 * @param case_id The case.
 * @param actor The acting principal.
 * @param purpose An #atensi_purpose the actor's role may claim.
 * @return #ATENSI_OK or an error code.
 * @errors As atensi_case_read(), plus #ATENSI_PERMISSION_DENIED
 *         ("access.need_to_know").
 * @ownership The caller owns `*out_json` and frees it with atensi_free().
 * @thread_safety One thread at a time per handle.
 * @since 0.2.0
 */
ATENSI_API int atensi_case_history_read(char **out_json, atensi_db *db, const char *case_id,
                                        const atensi_actor *actor, int purpose);

/**
 * @brief The access log of a child: every logged read, oldest first.
 *
 * A JSON array of {"seq", "child_id", "case_id", "at" (ms since the epoch),
 * "person_id", "agency_id", "role", "operation", "purpose", "reach"}. Only
 * supervisors, coordinators and data officers of an agency holding the
 * child's file may read it; the read is itself logged (purpose "audit") and
 * is the last entry.
 * @param out_json Receives the array, or NULL on failure.
 * @param db The database.
 * @param child_id The child.
 * @param actor The acting principal.
 * @return #ATENSI_OK or an error code.
 * @errors As atensi_child_read().
 * @ownership The caller owns `*out_json` and frees it with atensi_free().
 * @thread_safety One thread at a time per handle.
 * @since 0.2.0
 */
ATENSI_API int atensi_access_log(char **out_json, atensi_db *db, const char *child_id,
                                 const atensi_actor *actor);

/**
 * @brief Sets the session principal: who the reads that name no actor act as.
 *
 * Since 0.3.0 every read of 0.1 that takes no actor (atensi_child_get(),
 * atensi_case_get(), atensi_case_history(), atensi_cases_by_nik(),
 * atensi_caseload_query(), atensi_case_routing(), atensi_referral_get(),
 * atensi_case_referrals(), atensi_referral_box(), atensi_case_transfers(),
 * atensi_referrals_expire() and atensi_audit_verify()) is authorized by the
 * core as this principal, exactly like the *_read functions: the permission
 * matrix, the principal's reach (a record out of reach is #ATENSI_NOT_FOUND
 * "access.not_found"), need-to-know redaction, and an access-log entry with
 * `purpose` for every read of a child's personal data, in the read's own
 * transaction. With no principal set they fail with
 * #ATENSI_PERMISSION_DENIED (reason "access.no_principal") and read and
 * write nothing. This is a behaviour change of the 0.x series made for
 * security (docs/pages/abi-policy.md): the signatures are unchanged.
 * @param db The database.
 * @param actor The principal (copied; the strings may be freed after the
 *        call), or NULL to clear it (the reads above refuse again).
 * @param purpose The #atensi_purpose recorded for the reads of personal data
 *        (ignored when `actor` is NULL); the actor's role must be allowed to
 *        claim it.
 * @return #ATENSI_OK or an error code; on error the previous principal stays.
 * @errors #ATENSI_INVALID_ARGUMENT ("actor.missing", "access.purpose");
 *         #ATENSI_PERMISSION_DENIED ("access.purpose": the role may not
 *         claim this purpose); #ATENSI_UNSUPPORTED ("capi.options_version")
 *         for a newer actor version; #ATENSI_MISUSE for a dead handle.
 * @ownership Nothing is allocated.
 * @thread_safety One thread at a time per handle.
 * @since 0.3.0
 */
ATENSI_API int atensi_db_set_principal(atensi_db *db, const atensi_actor *actor, int purpose);

/** @} */

/**
 * @defgroup atensi_privacy Data-subject duties and retention
 * @brief Subject access, restriction of processing and the retention purge
 * (UU 27/2022 Pelindungan Data Pribadi; docs/privacy.md).
 * @{
 */

/**
 * @brief Everything held about a child, as one JSON document (UU 27/2022 art 32).
 *
 * The object holds `child`, `cases`, `consents` (item by item: who gave
 * them, relation, form, when, purposes, withdrawal), `referrals`,
 * `transfers`, `routing_decisions`, `roster_facts`, `privacy`
 * (restricted, legal hold, purged, open corrections), `retention`,
 * `processing_log` (every audit event of the child and its cases) and
 * `access_log`. The request is itself recorded in the access log.
 * @param out_json Receives the document, or NULL on failure.
 * @param db The database.
 * @param child_id The child.
 * @param actor The acting principal (a data officer with reach over the child).
 * @return #ATENSI_OK or an error code.
 * @errors #ATENSI_NOT_FOUND (store.child_not_found), #ATENSI_PERMISSION_DENIED,
 *         #ATENSI_MISUSE for NULL arguments.
 * @ownership The caller owns `*out_json` and frees it with atensi_free().
 * @thread_safety One thread at a time per handle.
 * @since 0.2.0
 */
ATENSI_API int atensi_subject_access(char **out_json, atensi_db *db, const char *child_id,
                                     const atensi_actor *actor);

/**
 * @brief Restricts (or lifts the restriction of) processing of a child's data.
 *
 * While restricted the data is only stored: routing, referral and transfer
 * actions, case actions and exports fail with #ATENSI_FAILED_PRECONDITION
 * (reason "privacy.restricted"), and reads by anyone but a data officer.
 * @param db The database.
 * @param child_id The child.
 * @param restricted Non-zero to restrict, zero to lift.
 * @param reason Reference of the data subject's request (1..2000 bytes UTF-8).
 * @param actor The acting principal.
 * @return #ATENSI_OK (also when already in that state) or an error code.
 * @errors #ATENSI_NOT_FOUND, #ATENSI_PERMISSION_DENIED, #ATENSI_INVALID_ARGUMENT
 *         (reason), #ATENSI_MISUSE for NULL arguments.
 * @ownership Nothing is allocated.
 * @thread_safety One thread at a time per handle.
 * @since 0.2.0
 */
ATENSI_API int atensi_restrict_processing(atensi_db *db, const char *child_id, int restricted,
                                          const char *reason, const atensi_actor *actor);

/**
 * @brief Destroys the personal data whose retention period has ended.
 *
 * Children whose last case closed longer ago than the retention policy
 * allows (never an open case, never a child under legal hold) become
 * tombstones: personal fields and event payloads are destroyed, ids,
 * categories and the dates statistics need stay, and the audit chain still
 * verifies (UU 27/2022 arts 42-44).
 * @param out_json Receives the report: `dry_run`, `children_examined`,
 *        `children_due`, `children_purged`, `events_purged`, `items`.
 * @param db The database.
 * @param child_id One child, or NULL for every child within the actor's reach.
 * @param apply Zero for a dry run (nothing is destroyed), non-zero to purge.
 * @param actor The acting principal (a data officer).
 * @return #ATENSI_OK or an error code.
 * @errors #ATENSI_NOT_FOUND, #ATENSI_PERMISSION_DENIED, #ATENSI_MISUSE.
 * @ownership The caller owns `*out_json` and frees it with atensi_free().
 * @thread_safety One thread at a time per handle.
 * @since 0.2.0
 */
ATENSI_API int atensi_purge(char **out_json, atensi_db *db, const char *child_id, int apply,
                            const atensi_actor *actor);

/** @brief The data subject asks for themself (UU 27/2022 art 32). @since 0.3.0 */
#define ATENSI_REQUESTER_SUBJECT 1
/** @brief A guardian asks on the child's behalf (art 25). @since 0.3.0 */
#define ATENSI_REQUESTER_GUARDIAN 2

/**
 * @brief Places or releases a legal hold on a child (UU 27/2022 art 44).
 *
 * Data needed for legal proceedings is never purged while held.
 * @param db The database.
 * @param child_id The child.
 * @param hold Non-zero to place the hold, zero to release it.
 * @param reference The proceeding (1..2000 bytes UTF-8).
 * @param actor The acting principal (a data officer with reach over the child).
 * @return #ATENSI_OK (also when already in that state) or an error code.
 * @errors #ATENSI_NOT_FOUND, #ATENSI_PERMISSION_DENIED, #ATENSI_INVALID_ARGUMENT
 *         (reference), #ATENSI_MISUSE for NULL arguments.
 * @ownership Nothing is allocated.
 * @thread_safety One thread at a time per handle.
 * @since 0.3.0
 */
ATENSI_API int atensi_legal_hold(atensi_db* db, const char* child_id, int hold,
                                 const char* reference, const atensi_actor* actor);

/**
 * @brief Records a correction request of the data subject in the child's audit chain.
 *
 * @param out_json Receives `{"correction_id": "..."}`, or NULL on failure.
 * @param db The database.
 * @param child_id The child.
 * @param request What the subject asks to correct (1..2000 bytes UTF-8).
 * @param actor The acting principal (casework roles or the data officer).
 * @return #ATENSI_OK or an error code.
 * @errors #ATENSI_NOT_FOUND, #ATENSI_PERMISSION_DENIED, #ATENSI_INVALID_ARGUMENT
 *         (request), #ATENSI_MISUSE for NULL arguments.
 * @ownership The caller owns `*out_json` and frees it with atensi_free().
 * @thread_safety One thread at a time per handle.
 * @since 0.3.0
 */
ATENSI_API int atensi_correction_request(char** out_json, atensi_db* db, const char* child_id,
                                         const char* request, const atensi_actor* actor);

/**
 * @brief Applies a corrected child record and closes the correction request.
 *
 * The record is validated like atensi_child_update().
 * @param out_json Receives the corrected child as JSON, or NULL on failure.
 * @param db The database.
 * @param child_json The corrected child (same JSON as atensi_child_register()).
 * @param correction_id An open request of atensi_correction_request().
 * @param actor The acting principal.
 * @return #ATENSI_OK or an error code.
 * @errors #ATENSI_NOT_FOUND (privacy.correction_not_found, store.child_not_found),
 *         #ATENSI_ALREADY_EXISTS (store.nik_taken), #ATENSI_INVALID_ARGUMENT,
 *         #ATENSI_PERMISSION_DENIED, #ATENSI_MISUSE for NULL arguments.
 * @ownership The caller owns `*out_json` and frees it with atensi_free().
 * @thread_safety One thread at a time per handle.
 * @since 0.3.0
 */
ATENSI_API int atensi_child_correct(char** out_json, atensi_db* db, const char* child_json,
                                    const char* correction_id, const atensi_actor* actor);

/**
 * @brief The privacy state of a child.
 *
 * `{"restricted", "legal_hold", "purged", "open_corrections",
 * "disclosure_risk": {"endangers_subject", "refused_guardian_ids",
 * "withhold_narratives"}, "access_requests": [...]}`: ids and codes only.
 * @param out_json Receives the state, or NULL on failure.
 * @param db The database.
 * @param child_id The child.
 * @param actor The acting principal (supervisor, coordinator or data officer in reach).
 * @return #ATENSI_OK or an error code.
 * @errors #ATENSI_NOT_FOUND (also a child out of reach: access.not_found),
 *         #ATENSI_PERMISSION_DENIED, #ATENSI_MISUSE for NULL arguments.
 * @ownership The caller owns `*out_json` and frees it with atensi_free().
 * @thread_safety One thread at a time per handle.
 * @since 0.3.0
 */
ATENSI_API int atensi_privacy_state(char** out_json, atensi_db* db, const char* child_id,
                                    const atensi_actor* actor);

/**
 * @brief Records the UU 27/2022 art 33 decision that disclosure endangers.
 *
 * `risk_json`: `{"endangers_subject": bool, "refused_guardian_ids": [ids],
 * "withhold_narratives": bool}` (missing members false / empty). With
 * `endangers_subject` every subject-access request is refused; a request by
 * a listed guardian (e.g. the alleged perpetrator) is refused;
 * `withhold_narratives` withholds free text that names third parties from a
 * report given. `{}` clears the decision.
 * @param db The database.
 * @param child_id The child.
 * @param risk_json The decision.
 * @param reason The assessment it rests on (1..2000 bytes UTF-8).
 * @param actor The acting principal (supervisor, coordinator or data officer).
 * @return #ATENSI_OK (also when unchanged) or an error code.
 * @errors #ATENSI_INVALID_ARGUMENT (privacy.disclosure_risk, privacy.unknown_guardian,
 *         reason), #ATENSI_NOT_FOUND, #ATENSI_PERMISSION_DENIED, #ATENSI_MISUSE.
 * @ownership Nothing is allocated.
 * @thread_safety One thread at a time per handle.
 * @since 0.3.0
 */
ATENSI_API int atensi_disclosure_risk_set(atensi_db* db, const char* child_id,
                                          const char* risk_json, const char* reason,
                                          const atensi_actor* actor);

/**
 * @brief Records a subject-access request, due 3x24 h later (UU 27/2022 art 32).
 *
 * While a request of the child is pending, returns that one (nothing written).
 * @param out_json Receives the request `{"id", "child_id", "requester",
 *        "guardian_id", "requested_at", "due_at", "outcome": "pending", ...}`.
 * @param db The database.
 * @param child_id The child.
 * @param requester #ATENSI_REQUESTER_SUBJECT or #ATENSI_REQUESTER_GUARDIAN.
 * @param guardian_id The requesting guardian (a guardian of the child) for
 *        #ATENSI_REQUESTER_GUARDIAN; NULL or "" for the subject.
 * @param actor The acting principal (a data officer with reach over the child).
 * @return #ATENSI_OK or an error code.
 * @errors #ATENSI_INVALID_ARGUMENT (privacy.requester, privacy.unknown_guardian),
 *         #ATENSI_NOT_FOUND, #ATENSI_PERMISSION_DENIED, #ATENSI_MISUSE.
 * @ownership The caller owns `*out_json` and frees it with atensi_free().
 * @thread_safety One thread at a time per handle.
 * @since 0.3.0
 */
ATENSI_API int atensi_subject_access_request(char** out_json, atensi_db* db, const char* child_id,
                                             int requester, const char* guardian_id,
                                             const atensi_actor* actor);

/**
 * @brief Answers a pending subject-access request (UU 27/2022 arts 32-33).
 *
 * Refused when the recorded disclosure risk requires it (art 33: `request`
 * with outcome "refused" and its `refusal_reason`, `report` null); otherwise
 * `report` is the subject-access report (as atensi_subject_access()) with
 * other persons' data redacted and every redaction listed in `redactions`.
 * The outcome is recorded in the child's audit chain.
 * @param out_json Receives `{"request": {...}, "report": {...} | null}`.
 * @param db The database.
 * @param child_id The child.
 * @param request_id The pending request.
 * @param actor The acting principal (a data officer with reach over the child).
 * @return #ATENSI_OK (also for a refusal) or an error code.
 * @errors #ATENSI_NOT_FOUND (privacy.access_request_not_found),
 *         #ATENSI_PERMISSION_DENIED, #ATENSI_MISUSE for NULL arguments.
 * @ownership The caller owns `*out_json` and frees it with atensi_free().
 * @thread_safety One thread at a time per handle.
 * @since 0.3.0
 */
ATENSI_API int atensi_subject_access_answer(char** out_json, atensi_db* db, const char* child_id,
                                            const char* request_id, const atensi_actor* actor);

/**
 * @brief Refuses a pending subject-access request on an art 33 ground.
 *
 * @param out_json Receives the closed request.
 * @param db The database.
 * @param child_id The child.
 * @param request_id The pending request.
 * @param reason_code "uu27.art33.endangers_subject", "uu27.art33.requester_endangers"
 *        or "uu27.art33.endangers_others".
 * @param explanation Why (1..2000 bytes UTF-8), kept in the audit chain.
 * @param actor The acting principal (a data officer with reach over the child).
 * @return #ATENSI_OK or an error code.
 * @errors #ATENSI_INVALID_ARGUMENT (privacy.refusal_reason, explanation),
 *         #ATENSI_NOT_FOUND, #ATENSI_PERMISSION_DENIED, #ATENSI_MISUSE.
 * @ownership The caller owns `*out_json` and frees it with atensi_free().
 * @thread_safety One thread at a time per handle.
 * @since 0.3.0
 */
ATENSI_API int atensi_subject_access_refuse(char** out_json, atensi_db* db, const char* child_id,
                                            const char* request_id, const char* reason_code,
                                            const char* explanation, const atensi_actor* actor);

/**
 * @brief Pending subject-access requests of the children in the actor's reach.
 *
 * Oldest due first; only those past their 3x24 h when `overdue_only`.
 * @param out_json Receives a JSON array of requests.
 * @param db The database.
 * @param overdue_only Non-zero: only overdue requests.
 * @param actor The acting principal (a data officer).
 * @return #ATENSI_OK or an error code.
 * @errors #ATENSI_PERMISSION_DENIED, #ATENSI_UNSUPPORTED (a backend without the
 *         request index), #ATENSI_MISUSE for NULL arguments.
 * @ownership The caller owns `*out_json` and frees it with atensi_free().
 * @thread_safety One thread at a time per handle.
 * @since 0.3.0
 */
ATENSI_API int atensi_subject_access_pending(char** out_json, atensi_db* db, int overdue_only,
                                             const atensi_actor* actor);

/** @} */

/**
 * @defgroup atensi_cases Cases
 * @brief Opening cases, acting on them, reading them and listing a caseload.
 *
 * A case changes only through actions (atensi_case_act()), each checked
 * against the lifecycle rules and written with its audit event in one
 * transaction. Optimistic concurrency: an action names the version it was
 * decided on; if the case moved on meanwhile the call fails with
 * #ATENSI_CONFLICT and nothing is written.
 * @{
 */

/**
 * @brief Opens a case for a stored child.
 *
 * The request: {"case_id" (optional), "source", "categories": [AMPK names],
 * "ppks_types": [...], "risk": "low"|"medium"|"high", "lead_agency_id"
 * (required), "assigned_worker_id", "link": {"case_id", "reason"}}. The case
 * starts at version 1 in stage "intake" ("emergency" when the risk is high).
 * @param out_json Receives the case document, or NULL on failure.
 * @param db The database.
 * @param child_id The stored child the case is about.
 * @param request_json The request document.
 * @param actor Who opens the case.
 * @return #ATENSI_OK or an error code.
 * @errors #ATENSI_NOT_FOUND ("store.child_not_found"); #ATENSI_FAILED_PRECONDITION
 *         ("lifecycle.not_a_child", "lifecycle.open_case_exists");
 *         #ATENSI_INVALID_ARGUMENT ("capi.json", "lifecycle.*", "actor.missing");
 *         #ATENSI_IO, #ATENSI_BUSY; #ATENSI_MISUSE; #ATENSI_NOMEM.
 * @ownership The caller owns `*out_json` and frees it with atensi_free().
 * @thread_safety One thread at a time per handle.
 * @since 0.1.0
 */
ATENSI_API int atensi_case_open(char **out_json, atensi_db *db, const char *child_id,
                                const char *request_json, const atensi_actor *actor);

/**
 * @brief Applies an action to a case at an expected version.
 *
 * The command: {"action": "<stable action name>", ...its fields}, e.g.
 * {"action": "record_consent", "guardian_id": "...", "form": "written",
 * "purposes": ["assessment", "referral_sharing"], "document_ref": "..."}.
 * Field names are those of the lifecycle commands; ids of new sub-records
 * may be omitted.
 * @param out_json Receives the new case (version = expected_version + 1), or NULL on failure.
 * @param db The database.
 * @param case_id The case.
 * @param expected_version The version the caller read.
 * @param command_json The command document.
 * @param actor Who acts.
 * @return #ATENSI_OK or an error code.
 * @errors #ATENSI_CONFLICT ("store.version_conflict" or
 *         "lifecycle.version_conflict") when the case is not at
 *         `expected_version`; #ATENSI_FAILED_PRECONDITION for a refused
 *         transition or guard ("lifecycle.*", e.g. consent missing, UU 27/2022
 *         art 25); #ATENSI_PERMISSION_DENIED ("lifecycle.*");
 *         #ATENSI_NOT_FOUND ("store.case_not_found"); #ATENSI_INVALID_ARGUMENT
 *         ("capi.json", "lifecycle.*"); #ATENSI_IO, #ATENSI_BUSY;
 *         #ATENSI_MISUSE; #ATENSI_NOMEM.
 * @ownership The caller owns `*out_json` and frees it with atensi_free().
 * @thread_safety One thread at a time per handle.
 * @since 0.1.0
 */
ATENSI_API int atensi_case_act(char **out_json, atensi_db *db, const char *case_id,
                               int64_t expected_version, const char *command_json,
                               const atensi_actor *actor);

/**
 * @brief Reads a case, as the session principal may see it.
 *
 * Since 0.3.0 it reads as the session principal (atensi_db_set_principal()):
 * authorized, redacted and access-logged as atensi_case_read(); with no
 * principal set it fails with #ATENSI_PERMISSION_DENIED
 * ("access.no_principal").
 * The document carries "reach" and "hidden" (hidden fields null).
 * @param out_json Receives the case document, or NULL on failure.
 * @param db The database.
 * @param case_id The case.
 * @return #ATENSI_OK or an error code.
 * @errors #ATENSI_NOT_FOUND ("store.case_not_found", "access.not_found");
 *         #ATENSI_PERMISSION_DENIED ("access.no_principal", "access.*"); #ATENSI_IO,
 *         #ATENSI_BUSY; #ATENSI_MISUSE; #ATENSI_NOMEM.
 * @ownership The caller owns `*out_json` and frees it with atensi_free().
 * @thread_safety One thread at a time per handle.
 * @since 0.1.0
 */
ATENSI_API int atensi_case_get(char **out_json, atensi_db *db, const char *case_id);

/**
 * @brief The audit events of one case, in order.
 *
 * A JSON array of {"chain_id", "kind", "seq", "at", "actor": {"person_id",
 * "agency_id", "role"}, "action", "reason", "changes", "prev_hash", "hash"}
 * (hashes as lower-case hex).
 * Since 0.3.0 it reads as the session principal (atensi_db_set_principal()):
 * authorized, redacted and access-logged as atensi_case_history_read(); with no
 * principal set it fails with #ATENSI_PERMISSION_DENIED
 * ("access.no_principal").
 * @param out_json Receives the array, or NULL on failure.
 * @param db The database.
 * @param case_id The case.
 * @return #ATENSI_OK or an error code.
 * @errors #ATENSI_NOT_FOUND when the case does not exist or is out of
 *         reach; #ATENSI_PERMISSION_DENIED ("access.no_principal",
 *         "access.need_to_know", "access.*"); #ATENSI_IO,
 *         #ATENSI_BUSY; #ATENSI_MISUSE; #ATENSI_NOMEM.
 * @ownership The caller owns `*out_json` and frees it with atensi_free().
 * @thread_safety One thread at a time per handle.
 * @since 0.1.0
 */
ATENSI_API int atensi_case_history(char **out_json, atensi_db *db, const char *case_id);

/**
 * @brief All cases of the child with this NIK that the session principal
 *        reaches, in opening order, as views ("reach", "hidden").
 *
 * Since 0.3.0 it reads as the session principal (atensi_db_set_principal()):
 * authorized, redacted and access-logged as atensi_case_read() (one entry per case returned); with no
 * principal set it fails with #ATENSI_PERMISSION_DENIED
 * ("access.no_principal").
 * @param out_json Receives a JSON array of case documents (empty when no
 *        child has the NIK), or NULL on failure.
 * @param db The database.
 * @param nik The NIK; separators are ignored.
 * @return #ATENSI_OK or an error code.
 * @errors #ATENSI_PERMISSION_DENIED ("access.no_principal", "access.*"); #ATENSI_IO, #ATENSI_BUSY; #ATENSI_MISUSE; #ATENSI_NOMEM.
 * @ownership The caller owns `*out_json` and frees it with atensi_free().
 * @thread_safety One thread at a time per handle.
 * @since 0.1.0
 */
ATENSI_API int atensi_cases_by_nik(char **out_json, atensi_db *db, const char *nik);

/**
 * @brief Filter of a caseload query. Versioned.
 *
 * Initialise with #ATENSI_CASELOAD_FILTER_INIT or atensi_caseload_filter_init().
 * The strings are borrowed for the duration of atensi_caseload_query().
 */
typedef struct atensi_caseload_filter {
  /** Must be #ATENSI_CASELOAD_FILTER_VERSION. */
  unsigned int version;
  /** Region code: cases whose child lives in this subtree; NULL for all regions. */
  const char *within;
  /** A stage name ("intake", "assessment", ...); NULL for any. */
  const char *stage;
  /** A risk level name ("low", "medium", "high"); NULL for any. */
  const char *risk;
  /** An AMPK category name; NULL for any. */
  const char *category;
  /** Nonzero to include closed cases (default 1). */
  int include_closed;
  /** Rows fetched from the database at a time, 1..1000 (default 50). */
  int32_t page_size;
} atensi_caseload_filter;

/** @brief The current version of #atensi_caseload_filter. */
#define ATENSI_CASELOAD_FILTER_VERSION 1
/** @brief Static initialiser for #atensi_caseload_filter: every case, 50 rows a page. */
#define ATENSI_CASELOAD_FILTER_INIT { ATENSI_CASELOAD_FILTER_VERSION, NULL, NULL, NULL, NULL, 1, 50 }

/**
 * @brief Initialises a caseload filter with the defaults of `version`.
 * @param filter The struct to fill.
 * @param version Pass #ATENSI_CASELOAD_FILTER_VERSION.
 * @return #ATENSI_OK or an error code.
 * @errors #ATENSI_MISUSE when `filter` is NULL or `version` is 0;
 *         #ATENSI_UNSUPPORTED (reason "capi.options_version") for a newer version.
 * @ownership Nothing is allocated.
 * @thread_safety May be called from any thread.
 * @since 0.1.0
 */
ATENSI_API int atensi_caseload_filter_init(atensi_caseload_filter *filter, unsigned int version);

/** @brief A caseload listing read with a cursor; fetches further pages as it goes. Opaque. */
typedef struct atensi_caseload atensi_caseload;

/**
 * @brief Starts a caseload listing, ordered by case id (opening order).
 *
 * Since 0.3.0 it acts as the session principal (atensi_db_set_principal())
 * and is authorized by the core: only the cases the
 * principal's agency leads or holds by area are listed (a fetched page may
 * yield fewer rows); further pages are fetched as the same principal. With no principal set it fails with
 * #ATENSI_PERMISSION_DENIED ("access.no_principal").
 * @param out Receives the listing, or NULL on failure.
 * @param db The database; must outlive the listing.
 * @param filter The filter, or NULL for every case.
 * @return #ATENSI_OK or an error code.
 * @errors #ATENSI_INVALID_ARGUMENT ("capi.filter") for an unknown stage, risk
 *         or category name, a malformed region code or a page size outside
 *         1..1000;
 *         #ATENSI_PERMISSION_DENIED ("access.no_principal", "access.role",
 *         "access.scope");
 *         #ATENSI_IO, #ATENSI_BUSY; #ATENSI_MISUSE (also for a
 *         filter version of 0); #ATENSI_UNSUPPORTED for a newer filter
 *         version; #ATENSI_NOMEM.
 * @ownership The caller owns `*out` and releases it with atensi_caseload_destroy().
 * @thread_safety One thread at a time per database handle and its listings.
 * @since 0.1.0
 */
ATENSI_API int atensi_caseload_query(atensi_caseload **out, atensi_db *db,
                                     const atensi_caseload_filter *filter);

/**
 * @brief Advances to the next case of the listing.
 * @param caseload The listing.
 * @return #ATENSI_OK when positioned on a row, #ATENSI_DONE at the end.
 * @errors #ATENSI_IO, #ATENSI_BUSY while fetching the next page;
 *         #ATENSI_MISUSE when the handle or its database is not live.
 * @ownership Invalidates strings borrowed from the previous row.
 * @thread_safety One thread at a time per database handle and its listings.
 * @since 0.1.0
 */
ATENSI_API int atensi_caseload_next(atensi_caseload *caseload);

/**
 * @brief The case id of the current row.
 * @param out Receives the id.
 * @param caseload The listing, positioned on a row.
 * @return #ATENSI_OK or #ATENSI_MISUSE.
 * @errors #ATENSI_MISUSE when a pointer is NULL, the handle is not live, or
 *         the cursor is not on a row.
 * @ownership Borrowed until the next atensi_caseload_next() or destroy.
 * @thread_safety One thread at a time per handle.
 * @since 0.1.0
 */
ATENSI_API int atensi_caseload_case_id(const char **out, const atensi_caseload *caseload);

/**
 * @brief The case version of the current row (pass it to atensi_case_act()).
 * @param out Receives the version.
 * @param caseload The listing, positioned on a row.
 * @return #ATENSI_OK or #ATENSI_MISUSE.
 * @errors #ATENSI_MISUSE when a pointer is NULL, the handle is not live, or
 *         the cursor is not on a row.
 * @ownership Nothing is allocated.
 * @thread_safety One thread at a time per handle.
 * @since 0.1.0
 */
ATENSI_API int atensi_caseload_version(int64_t *out, const atensi_caseload *caseload);

/**
 * @brief The current row as JSON.
 *
 * {"case_id", "child_id", "version", "stage", "risk", "categories", "region",
 * "lead_agency_id", "assigned_worker_id", "opened_at", "closed_at",
 * "next_due_at"}; no personal data of the child.
 * @param out Receives the document.
 * @param caseload The listing, positioned on a row.
 * @return #ATENSI_OK or #ATENSI_MISUSE.
 * @errors #ATENSI_MISUSE when a pointer is NULL, the handle is not live, or
 *         the cursor is not on a row.
 * @ownership Borrowed until the next atensi_caseload_next() or destroy.
 * @thread_safety One thread at a time per handle.
 * @since 0.1.0
 */
ATENSI_API int atensi_caseload_json(const char **out, const atensi_caseload *caseload);

/**
 * @brief Destroys a caseload listing and sets `*caseload` to NULL.
 * @param caseload Address of the handle; NULL and `*caseload == NULL` are
 *        ignored; a pointer that is not a live listing is left alone and
 *        recorded as #ATENSI_MISUSE in atensi_error_last().
 * @errors None returned; misuse is recorded in atensi_error_last().
 * @ownership Releases the handle and every string borrowed from it.
 * @thread_safety One thread at a time per handle.
 * @since 0.1.0
 */
ATENSI_API void atensi_caseload_destroy(atensi_caseload **caseload);

/**
 * @brief The last error raised by a call on this listing.
 * @param caseload The listing.
 * @return Never NULL; `code` is #ATENSI_OK when no call on the handle has
 *         failed. For a NULL or dead handle, an error with code #ATENSI_MISUSE.
 * @errors None; this function does not change any recorded error.
 * @ownership Borrowed; valid until the next failing call on the handle or its destroy.
 * @thread_safety One thread at a time per handle.
 * @since 0.1.0
 */
ATENSI_API const atensi_error *atensi_caseload_error(const atensi_caseload *caseload);

/** @} */

/**
 * @defgroup atensi_case_routing Routing, referrals and transfers of stored cases
 * @brief Routing a stored case and running its referrals and transfers in the database.
 *
 * Every change is written with its audit event in the case's hash chain
 * (actions "routing.route", "referral.<event>", "transfer.<event>"), so
 * atensi_audit_verify() covers it. Referrals and transfers are optimistic:
 * an action names the version it was decided on (a referral's version is 1 +
 * its history length, a transfer's its history length); a stale version is
 * #ATENSI_CONFLICT ("store.version_conflict") and nothing is written.
 * @{
 */

/**
 * @brief Routes a stored case and sends its referrals, in one transaction.
 *
 * Facts come from the stored records (never from a NIK prefix); the case's
 * lead agency is set to the decision's lead; referrals are created from the
 * actor's agency to the lead, co-facilitators and informed parties. Without
 * consent for referral sharing (UU 27/2022 art 25) the referrals are created
 * as drafts and nothing is sent.
 * @param out_json Receives {"case": the case after routing, "decision": {...},
 *        "created": [referrals], "existing": [referrals]}, or NULL on failure.
 * @param db The database.
 * @param case_id The case.
 * @param actor Who routes the case; referrals are sent from their agency.
 * @return #ATENSI_OK or an error code.
 * @errors #ATENSI_NOT_FOUND ("store.case_not_found"); #ATENSI_FAILED_PRECONDITION
 *         ("routing.no_lead", "lifecycle.*" e.g. a closed case);
 *         #ATENSI_INVALID_ARGUMENT ("routing.domicile_missing", "actor.missing");
 *         #ATENSI_IO, #ATENSI_BUSY; #ATENSI_MISUSE; #ATENSI_NOMEM.
 * @ownership The caller owns `*out_json` and frees it with atensi_free().
 * @thread_safety One thread at a time per handle.
 * @since 0.1.0
 */
ATENSI_API int atensi_case_route(char **out_json, atensi_db *db, const char *case_id,
                                 const atensi_actor *actor);

/**
 * @brief The stored routing decision of a case.
 *
 * Since 0.3.0 it acts as the session principal (atensi_db_set_principal())
 * and is authorized by the core: it needs shared reach on the case. With no principal set it fails with
 * #ATENSI_PERMISSION_DENIED ("access.no_principal").
 * @param out_json Receives the decision, or the JSON literal null before the
 *        case was routed; NULL on failure.
 * @param db The database.
 * @param case_id The case.
 * @return #ATENSI_OK or an error code.
 * @errors #ATENSI_NOT_FOUND ("store.case_not_found", "access.not_found");
 *         #ATENSI_PERMISSION_DENIED ("access.no_principal", "access.role",
 *         "access.scope"); #ATENSI_IO, #ATENSI_BUSY;
 *         #ATENSI_MISUSE; #ATENSI_NOMEM.
 * @ownership The caller owns `*out_json` and frees it with atensi_free().
 * @thread_safety One thread at a time per handle.
 * @since 0.1.0
 */
ATENSI_API int atensi_case_routing(char **out_json, atensi_db *db, const char *case_id);

/**
 * @brief Applies one event to a stored referral at its expected version.
 *
 * A rejected or expired lead referral falls through to the next candidate; a
 * completed one records its outcome on the plan item it served.
 * @param out_json Receives the referral after the event, or NULL on failure.
 * @param db The database.
 * @param referral_id The referral.
 * @param expected_version The version the caller read.
 * @param event_json {"kind": "submit"|"accept"|"reject"|"start"|"hold"|
 *        "resume"|"complete"|"fail"|"cancel"|"enter_in_error"|"expire",
 *        "reason": "...", "outcome": "..."}.
 * @param actor The requester or responder, as the event requires.
 * @return #ATENSI_OK or an error code.
 * @errors #ATENSI_CONFLICT ("store.version_conflict"); #ATENSI_EXPIRED
 *         ("referral.expired"); #ATENSI_FAILED_PRECONDITION
 *         ("referral.transition"); #ATENSI_PERMISSION_DENIED
 *         ("referral.wrong_party", "referral.not_a_party", "referral.consent_*");
 *         #ATENSI_NOT_FOUND ("store.referral_not_found"); #ATENSI_INVALID_ARGUMENT
 *         ("referral.reason_required", "referral.outcome_required", "capi.json");
 *         #ATENSI_IO, #ATENSI_BUSY; #ATENSI_MISUSE; #ATENSI_NOMEM.
 * @ownership The caller owns `*out_json` and frees it with atensi_free().
 * @thread_safety One thread at a time per handle.
 * @since 0.1.0
 */
ATENSI_API int atensi_referral_act(char **out_json, atensi_db *db, const char *referral_id,
                                   int64_t expected_version, const char *event_json,
                                   const atensi_actor *actor);

/**
 * @brief Reads a stored referral.
 *
 * Since 0.3.0 it acts as the session principal (atensi_db_set_principal())
 * and is authorized by the core: the referral's parties (sending and receiving
 * agency) and a principal with full reach on its case see it; anyone else
 * gets #ATENSI_NOT_FOUND ("access.not_found"). With no principal set it fails with
 * #ATENSI_PERMISSION_DENIED ("access.no_principal").
 * @param out_json Receives the referral, or NULL on failure.
 * @param db The database.
 * @param referral_id The referral.
 * @return #ATENSI_OK or an error code.
 * @errors #ATENSI_NOT_FOUND ("store.referral_not_found", "access.not_found");
 *         #ATENSI_PERMISSION_DENIED ("access.no_principal", "access.role",
 *         "access.scope"); #ATENSI_IO,
 *         #ATENSI_BUSY; #ATENSI_MISUSE; #ATENSI_NOMEM.
 * @ownership The caller owns `*out_json` and frees it with atensi_free().
 * @thread_safety One thread at a time per handle.
 * @since 0.1.0
 */
ATENSI_API int atensi_referral_get(char **out_json, atensi_db *db, const char *referral_id);

/**
 * @brief All referrals of a case, in creation order.
 *
 * Since 0.3.0 it acts as the session principal (atensi_db_set_principal())
 * and is authorized by the core: with full reach on the case
 * all are listed, with less only those the principal's agency is a party to. With no principal set it fails with
 * #ATENSI_PERMISSION_DENIED ("access.no_principal").
 * @param out_json Receives a JSON array of referrals, or NULL on failure.
 * @param db The database.
 * @param case_id The case.
 * @return #ATENSI_OK or an error code.
 * @errors #ATENSI_NOT_FOUND ("store.case_not_found", "access.not_found");
 *         #ATENSI_PERMISSION_DENIED ("access.no_principal", "access.role",
 *         "access.scope");
 *         #ATENSI_IO, #ATENSI_BUSY; #ATENSI_MISUSE; #ATENSI_NOMEM.
 * @ownership The caller owns `*out_json` and frees it with atensi_free().
 * @thread_safety One thread at a time per handle.
 * @since 0.1.0
 */
ATENSI_API int atensi_case_referrals(char **out_json, atensi_db *db, const char *case_id);

/**
 * @brief One page of the referrals addressed to (inbox) or sent by (outbox) an agency.
 *
 * Since 0.3.0 it acts as the session principal (atensi_db_set_principal())
 * and is authorized by the core: `agency_id` must be
 * the principal's own agency (#ATENSI_PERMISSION_DENIED "access.scope"). With no principal set it fails with
 * #ATENSI_PERMISSION_DENIED ("access.no_principal").
 * @param out_json Receives {"items": [referrals], "next_cursor": "" on the
 *        last page}, or NULL on failure.
 * @param db The database.
 * @param agency_id The agency.
 * @param inbox Nonzero for the inbox (addressed to the agency, no drafts), 0 for the outbox.
 * @param query_json {"status": a referral status or null, "open_only": true,
 *        "page_size": 50, "cursor": ""}, or NULL for the defaults.
 * @return #ATENSI_OK or an error code.
 * @errors #ATENSI_INVALID_ARGUMENT ("capi.json");
 *         #ATENSI_PERMISSION_DENIED ("access.no_principal", "access.role",
 *         "access.scope"); #ATENSI_IO, #ATENSI_BUSY;
 *         #ATENSI_MISUSE; #ATENSI_NOMEM.
 * @ownership The caller owns `*out_json` and frees it with atensi_free().
 * @thread_safety One thread at a time per handle.
 * @since 0.1.0
 */
ATENSI_API int atensi_referral_box(char **out_json, atensi_db *db, const char *agency_id,
                                   int inbox, const char *query_json);

/**
 * @brief Expires every requested referral past its deadline at the database clock's now.
 *
 * Since 0.3.0 it acts as the session principal (atensi_db_set_principal())
 * and is authorized by the core: the role must
 * be allowed to run the expiry job (case work, data officer, integrator);
 * every overdue referral is expired, but only those the principal's agency
 * is a party to are returned. With no principal set it fails with
 * #ATENSI_PERMISSION_DENIED ("access.no_principal").
 * @param out_json Receives a JSON array of the expired referrals, or NULL on failure.
 * @param db The database.
 * @return #ATENSI_OK or an error code.
 * @errors #ATENSI_PERMISSION_DENIED ("access.no_principal", "access.role",
 *         "access.scope");
 *         #ATENSI_IO, #ATENSI_BUSY; #ATENSI_MISUSE; #ATENSI_NOMEM.
 * @ownership The caller owns `*out_json` and frees it with atensi_free().
 * @thread_safety One thread at a time per handle.
 * @since 0.1.0
 */
ATENSI_API int atensi_referrals_expire(char **out_json, atensi_db *db);

/**
 * @brief Proposes (push) or requests (pull) the transfer of a stored case.
 * @param out_json Receives the transfer, or NULL on failure.
 * @param db The database.
 * @param case_id The case.
 * @param direction "push": the owner (the case's lead agency; the actor acts
 *        for it) proposes the case to `to_agency`. "pull": the actor's agency
 *        requests the case from its owner (`to_agency` must be NULL).
 * @param to_agency The destination of a push.
 * @param reason Why (e.g. "family moved").
 * @param to_region The family's new domicile when a move is the reason, or NULL.
 * @param actor Who opens the transfer.
 * @return #ATENSI_OK or an error code.
 * @errors #ATENSI_CONFLICT ("transfer.open_exists"); #ATENSI_PERMISSION_DENIED
 *         ("transfer.wrong_party"); #ATENSI_FAILED_PRECONDITION
 *         ("transfer.not_owner", "transfer.already_owner");
 *         #ATENSI_INVALID_ARGUMENT ("transfer.field", "region.format");
 *         #ATENSI_NOT_FOUND ("store.case_not_found"); #ATENSI_IO, #ATENSI_BUSY;
 *         #ATENSI_MISUSE; #ATENSI_NOMEM.
 * @ownership The caller owns `*out_json` and frees it with atensi_free().
 * @thread_safety One thread at a time per handle.
 * @since 0.1.0
 */
ATENSI_API int atensi_transfer_start(char **out_json, atensi_db *db, const char *case_id,
                                     const char *direction, const char *to_agency,
                                     const char *reason, const char *to_region,
                                     const atensi_actor *actor);

/**
 * @brief Accepts, declines or cancels a stored transfer at its expected version.
 *
 * Ownership (the case's lead agency) changes only on acceptance.
 * @param out_json Receives the transfer after the event, or NULL on failure.
 * @param db The database.
 * @param transfer_id The transfer.
 * @param expected_version The version the caller read.
 * @param event "accept", "decline" (needs a reason) or "cancel".
 * @param reason Why; NULL for none.
 * @param actor Who answers or cancels.
 * @return #ATENSI_OK or an error code.
 * @errors #ATENSI_CONFLICT ("store.version_conflict"); #ATENSI_FAILED_PRECONDITION
 *         ("transfer.transition", "transfer.owner_changed");
 *         #ATENSI_PERMISSION_DENIED ("transfer.wrong_party");
 *         #ATENSI_INVALID_ARGUMENT ("transfer.reason_required", "transfer.field");
 *         #ATENSI_NOT_FOUND ("store.transfer_not_found"); #ATENSI_IO,
 *         #ATENSI_BUSY; #ATENSI_MISUSE; #ATENSI_NOMEM.
 * @ownership The caller owns `*out_json` and frees it with atensi_free().
 * @thread_safety One thread at a time per handle.
 * @since 0.1.0
 */
ATENSI_API int atensi_transfer_act(char **out_json, atensi_db *db, const char *transfer_id,
                                   int64_t expected_version, const char *event,
                                   const char *reason, const atensi_actor *actor);

/**
 * @brief All transfers of a case, in creation order.
 *
 * Since 0.3.0 it acts as the session principal (atensi_db_set_principal())
 * and is authorized by the core: with full reach on the case
 * all are listed, with less only those the principal's agency is a party to. With no principal set it fails with
 * #ATENSI_PERMISSION_DENIED ("access.no_principal").
 * @param out_json Receives a JSON array of transfers, or NULL on failure.
 * @param db The database.
 * @param case_id The case.
 * @return #ATENSI_OK or an error code.
 * @errors #ATENSI_NOT_FOUND ("store.case_not_found", "access.not_found");
 *         #ATENSI_PERMISSION_DENIED ("access.no_principal", "access.role",
 *         "access.scope");
 *         #ATENSI_IO, #ATENSI_BUSY; #ATENSI_MISUSE; #ATENSI_NOMEM.
 * @ownership The caller owns `*out_json` and frees it with atensi_free().
 * @thread_safety One thread at a time per handle.
 * @since 0.1.0
 */
ATENSI_API int atensi_case_transfers(char **out_json, atensi_db *db, const char *case_id);

/** @} */

/**
 * @defgroup atensi_audit Audit
 * @brief Verifying the hash-chained audit trail.
 * @{
 */

/**
 * @brief Recomputes every hash chain and checkpoint and checks every record against its chain.
 *
 * Since 0.3.0 it acts as the session principal (atensi_db_set_principal())
 * and is authorized by the core: the principal's
 * role must be allowed to verify (coordinator, data officer, integrator). With no principal set it fails with
 * #ATENSI_PERMISSION_DENIED ("access.no_principal").
 * @param out_ok Receives 1 when the whole trail is intact, 0 when a link is broken.
 * @param out_report_json Receives {"ok", "events_checked", "chains_checked",
 *        "checkpoints_checked", "first_broken": {"where", "chain_id", "seq",
 *        "reason"} or null}; may be NULL if not wanted.
 * @param db The database.
 * @return #ATENSI_OK (also when the trail is broken: see `*out_ok`) or an error code.
 * @errors #ATENSI_IO, #ATENSI_BUSY when the trail cannot be read;
 *         #ATENSI_PERMISSION_DENIED ("access.no_principal", "access.role",
 *         "access.scope");
 *         #ATENSI_MISUSE; #ATENSI_NOMEM.
 * @ownership The caller owns `*out_report_json` and frees it with atensi_free().
 * @thread_safety One thread at a time per handle.
 * @since 0.1.0
 */
ATENSI_API int atensi_audit_verify(int *out_ok, char **out_report_json, atensi_db *db);

/**
 * @brief Seals the tails of all chains into a new checkpoint at the database clock's time.
 * @param db The database.
 * @return #ATENSI_OK or an error code.
 * @errors #ATENSI_CORRUPTION ("store.chain_shrunk") when a sealed chain was
 *         cut; #ATENSI_IO, #ATENSI_BUSY; #ATENSI_MISUSE; #ATENSI_NOMEM.
 * @ownership Nothing is allocated.
 * @thread_safety One thread at a time per handle.
 * @since 0.1.0
 */
ATENSI_API int atensi_audit_checkpoint(atensi_db *db);

/**
 * @brief A data-protection key for encryption at rest (docs/encryption.md). Versioned.
 *
 * 32 random bytes chosen and kept by the integrator, with an id (the key's
 * version, 1 or more) stored beside every ciphertext. The library copies the
 * bytes into locked memory it wipes on close; the caller may wipe its copy
 * as soon as the call returns.
 * @since 0.2.0
 */
typedef struct atensi_key {
  /** Must be #ATENSI_KEY_VERSION of the header the caller compiled against. */
  unsigned int version;
  /** The key id, 1 or more. */
  uint32_t id;
  /** The key bytes (borrowed for the call only). */
  const unsigned char *bytes;
  /** Number of bytes at `bytes`; must be 32. */
  size_t length;
} atensi_key;

/** @brief The current version of #atensi_key. */
#define ATENSI_KEY_VERSION 1

/**
 * @brief Opens a database whose sensitive records are encrypted at rest.
 *
 * As atensi_open(), with `keys[0]` the current key (records written are
 * sealed under it) and `keys[1..]` older keys the store may still hold
 * ciphertext under (an unfinished rotation). A store opened with
 * atensi_open() (no key) refuses reads and writes of sealed records with
 * #ATENSI_FAILED_PRECONDITION "crypto.key_missing"; caseload, report and
 * checkpoint calls still work.
 * @param out Receives the database handle, or NULL on failure.
 * @param path A file path, or ":memory:".
 * @param options As for atensi_open(), or NULL.
 * @param keys At least one key; each `version` must be #ATENSI_KEY_VERSION.
 * @param key_count Number of keys, 1..16.
 * @return #ATENSI_OK or an error code.
 * @errors As atensi_open(); #ATENSI_INVALID_ARGUMENT (reason "crypto.key_size",
 *         "crypto.key_id") for a malformed key; #ATENSI_PERMISSION_DENIED
 *         (reason "crypto.wrong_key") when the store knows the key id with
 *         other bytes; #ATENSI_FAILED_PRECONDITION (reason "crypto.key_retired")
 *         for a key a rotation retired; #ATENSI_MISUSE for NULL arguments or
 *         a bad `key_count`.
 * @ownership The caller owns `*out` and releases it with atensi_close().
 * @thread_safety As atensi_open().
 * @since 0.2.0
 */
ATENSI_API int atensi_open_encrypted(atensi_db **out, const char *path,
                                     const atensi_open_options *options, const atensi_key *keys,
                                     size_t key_count);

/**
 * @brief Re-encrypts every sealed record under a new key (key rotation).
 *
 * `new_key` becomes the current key at once. Records are re-sealed in
 * batches of `batch_size`, each its own transaction; a crash leaves the
 * store readable with both keys (atensi_open_encrypted with the new key
 * first and the old one after it) and calling this again with the same key
 * resumes. When done the old keys are retired and a "key_rotated" event is
 * appended to the store chain "atensi.store".
 * @param out_json Receives {"rewritten", "batches", "finished", "retired_keys"},
 *        or NULL when not wanted.
 * @param db The database, opened with atensi_open_encrypted() (or without a
 *        key, to encrypt a store written in clear).
 * @param actor The data officer or integrator doing it.
 * @param new_key The new key.
 * @param batch_size Records per transaction, 1..100000 (0 = 500).
 * @return #ATENSI_OK or an error code.
 * @errors #ATENSI_PERMISSION_DENIED (role, or "crypto.wrong_key");
 *         #ATENSI_FAILED_PRECONDITION "crypto.key_missing" when an old key is
 *         needed and was not supplied; #ATENSI_INVALID_ARGUMENT for a malformed
 *         key; #ATENSI_MISUSE for NULL arguments.
 * @ownership `*out_json` is freed with atensi_free().
 * @thread_safety One thread at a time per handle.
 * @since 0.2.0
 */
ATENSI_API int atensi_db_rotate_key(char **out_json, atensi_db *db, const atensi_actor *actor,
                                    const atensi_key *new_key, uint32_t batch_size);

/**
 * @brief The key state of a database.
 * @param out_json Receives {"encrypted", "current_key", "live_keys", "records_pending"}.
 * @param db The database.
 * @return #ATENSI_OK or an error code.
 * @errors #ATENSI_MISUSE for NULL arguments; storage errors as usual.
 * @ownership `*out_json` is freed with atensi_free().
 * @thread_safety One thread at a time per handle.
 * @since 0.2.0
 */
ATENSI_API int atensi_db_encryption(char **out_json, atensi_db *db);

/** @} */

/**
 * @defgroup atensi_jobs Roster jobs
 * @brief The main job in one native call each: import a PKH/DTKS roster, screen it, route it.
 *
 * The same library functions the `atensi import|screen|route` commands run
 * (pipeline/roster_pipeline.h), so a job driven through the C ABI does the
 * same work at the same speed as the CLI; the boundary is crossed once per
 * job. Each job writes in bounded batches, each batch one transaction: a
 * storage failure leaves the batches committed before it, and re-running the
 * job resumes (imports are keyed by NIK or roster key, screening opens no
 * second case, routing skips routed cases). Unless `"checkpoint": false`,
 * the chains the job wrote are sealed into a checkpoint afterwards, as the
 * CLI does.
 *
 * `options_json` (NULL for all defaults) is an object with any of:
 * "reference_date" ("YYYY-MM-DD": ages, screening rules' as-of date;
 * default today at the database clock in UTC+7), "batch" (rows or cases per
 * transaction, 1..100000; defaults 1000 import, 500 screen, 200 route),
 * "checkpoint" (bool, default true), "rejects_path" (import: file that
 * receives one CSV line per rejected row, "line,field,reason,message";
 * default none, rejects are only counted), "lead_agency_id" (screen: lead of
 * the opened cases until routing decides; default the actor's agency).
 * @{
 */

/**
 * @brief Imports a roster CSV file into the database (children and their roster facts).
 *
 * Streams the file (one record in memory); validates every row completely;
 * members aged 18 or over are counted, not stored (UU 35/2014 art 1(1)).
 * @param out_json Receives {"rows", "rejected", "adults_skipped",
 *        "children_new", "children_updated", "children_unchanged", "batches",
 *        "checkpoint"} (the keys of `atensi import --json` except the reject
 *        file), or NULL on failure.
 * @param db The database.
 * @param roster_path Path of the roster CSV file (UTF-8, with a header line).
 * @param options_json Job options (see the group), or NULL.
 * @param actor Who imports (recorded on every event).
 * @return #ATENSI_OK or an error code.
 * @errors #ATENSI_NOT_FOUND ("import.open") when the file cannot be opened;
 *         #ATENSI_INVALID_ARGUMENT for a header that lacks required columns
 *         ("roster.*"), bad options ("capi.json", "capi.options") or actor
 *         ("actor.missing"); #ATENSI_IO ("import.rejects", "store.io"),
 *         #ATENSI_BUSY; #ATENSI_MISUSE; #ATENSI_NOMEM.
 * @ownership The caller owns `*out_json` and frees it with atensi_free().
 * @thread_safety One thread at a time per handle.
 * @since 0.1.0
 */
ATENSI_API int atensi_roster_import(char **out_json, atensi_db *db, const char *roster_path,
                                    const char *options_json, const atensi_actor *actor);

/**
 * @brief Screens every imported child and opens a case for each one a screening rule flags.
 * @param out_json Receives {"children_screened", "flagged", "cases_opened",
 *        "already_open", "by_rule": {rule id: count}, "rules_version",
 *        "checkpoint"}, or NULL on failure.
 * @param db The database.
 * @param options_json Job options (see the group), or NULL.
 * @param actor Who screens (recorded on every opened case).
 * @return #ATENSI_OK or an error code.
 * @errors #ATENSI_INVALID_ARGUMENT for bad options or actor; #ATENSI_CORRUPTION
 *         for unreadable stored roster facts; #ATENSI_IO, #ATENSI_BUSY;
 *         #ATENSI_MISUSE; #ATENSI_NOMEM.
 * @ownership The caller owns `*out_json` and frees it with atensi_free().
 * @thread_safety One thread at a time per handle.
 * @since 0.1.0
 */
ATENSI_API int atensi_roster_screen(char **out_json, atensi_db *db, const char *options_json,
                                    const atensi_actor *actor);

/**
 * @brief Routes every open case not yet routed and sends its referrals.
 * @param out_json Receives {"cases", "routed", "already_routed", "refused",
 *        "referrals_created", "referrals_by_agency": {agency id: count},
 *        "checkpoint"}, or NULL on failure.
 * @param db The database.
 * @param options_json Job options (see the group; only "batch" and
 *        "checkpoint" apply), or NULL.
 * @param actor Who routes (the referrals' sender).
 * @return #ATENSI_OK or an error code.
 * @errors #ATENSI_INVALID_ARGUMENT for bad options or actor; #ATENSI_IO,
 *         #ATENSI_BUSY; #ATENSI_MISUSE; #ATENSI_NOMEM.
 * @ownership The caller owns `*out_json` and frees it with atensi_free().
 * @thread_safety One thread at a time per handle.
 * @since 0.1.0
 */
ATENSI_API int atensi_roster_route(char **out_json, atensi_db *db, const char *options_json,
                                   const atensi_actor *actor);

/** @} */

/**
 * @defgroup atensi_routing Routing and jurisdiction
 * @brief Which agencies work a case, in which role, and why.
 *
 * These functions use the rule set and agency registry compiled into the
 * library (data/rules/routing-default.json, data/agencies/jambi.json). They
 * are pure: same input, same answer.
 *
 * Case facts: {"categories": [AMPK names], "age", "has_disability",
 * "pkh_participant", "has_nik", "has_birth_certificate", "dtsen_decile" (1..10
 * or null), "economic_hardship", "domicile" (region code, required), "risk",
 * "programmes_tried": [{"programme": "pkh", "outcome": "not_handled"}],
 * "residential_need", "napza", "hiv", "disaster": "regency_city"|"province"|
 * "national" or null}. Absent keys take their defaults (false, 0, empty).
 * @{
 */

/**
 * @brief Routes a case: the lead, co-facilitators, informed parties and fall-through candidates.
 * @param out_decision_json Receives the decision {"rule_set_version",
 *        "registry_version", "on", "involvements", "lead_candidates",
 *        "unresolved"}, or NULL on failure.
 * @param facts_json The case facts.
 * @param on The routing date.
 * @return #ATENSI_OK or an error code.
 * @errors #ATENSI_INVALID_ARGUMENT ("capi.json", "routing.domicile_missing");
 *         #ATENSI_FAILED_PRECONDITION ("routing.no_lead",
 *         "routing.rules_not_effective"); #ATENSI_MISUSE; #ATENSI_NOMEM.
 * @ownership The caller owns `*out_decision_json` and frees it with atensi_free().
 * @thread_safety May be called from any thread.
 * @since 0.1.0
 */
ATENSI_API int atensi_route(char **out_decision_json, const char *facts_json,
                            const atensi_date *on);

/**
 * @brief Routes as atensi_route() does and explains every rule, fired or skipped.
 * @param out_explanation_json Receives {"status": null or {"code", "reason",
 *        "field", "message"}, "rules": [{"rule_id", "order", "line", "fired",
 *        "why", "effects"}], "decision": {...} (when routed)}, or NULL on failure.
 * @param facts_json The case facts.
 * @param on The routing date.
 * @return #ATENSI_OK even when routing itself fails (that outcome is in the
 *         explanation's "status"), or an error code.
 * @errors #ATENSI_INVALID_ARGUMENT ("capi.json"); #ATENSI_MISUSE; #ATENSI_NOMEM.
 * @ownership The caller owns `*out_explanation_json` and frees it with atensi_free().
 * @thread_safety May be called from any thread.
 * @since 0.1.0
 */
ATENSI_API int atensi_route_explain(char **out_explanation_json, const char *facts_json,
                                    const atensi_date *on);

/**
 * @brief The competent level of government and agencies for a child's need (UU 23/2014 annex F).
 * @param out_answer_json Receives {"rule_id", "level", "agency_ids",
 *        "legal_basis", "source", "explanation", "also_possible",
 *        "concurrent", "national_referral_option", ...}, or NULL on failure.
 * @param need_json {"categories": [...], "residential", "napza", "hiv",
 *        "abh", "disaster"}; absent keys are false / empty.
 * @param domicile The recorded residence, regency level or below (never a NIK prefix).
 * @param on The date.
 * @return #ATENSI_OK or an error code.
 * @errors #ATENSI_NOT_FOUND ("jurisdiction.domicile_unknown");
 *         #ATENSI_INVALID_ARGUMENT ("jurisdiction.domicile_level",
 *         "region.format", "capi.json"); #ATENSI_MISUSE; #ATENSI_NOMEM.
 * @ownership The caller owns `*out_answer_json` and frees it with atensi_free().
 * @thread_safety May be called from any thread.
 * @since 0.1.0
 */
ATENSI_API int atensi_jurisdiction_resolve(char **out_answer_json, const char *need_json,
                                           const char *domicile, const atensi_date *on);

/** @} */

/**
 * @defgroup atensi_referrals Referrals and transfers
 * @brief The closed-loop referral handshake (FHIR Task statuses) and case transfers.
 *
 * Referral and transfer records are values: each call takes the current
 * record as JSON and returns the next one; the caller stores them. Instants
 * are milliseconds since 1970-01-01 UTC.
 * @{
 */

/**
 * @brief Creates a referral from the requester, as a draft or submitted.
 * @param out_referral_json Receives the referral, or NULL on failure.
 * @param request_json {"id", "case_id", "from_agency", "to_agency", "role":
 *        "lead"|"co_facilitator"|"informed", "reason", "rule_id",
 *        "shared_fields": [...], "purpose", "plan_item_id",
 *        "response_window_hours"}.
 * @param consent_json The consent scope {"fields", "purposes", "recipients",
 *        "withdrawn"} (UU 27/2022 arts 22, 25).
 * @param actor The requester; must act for "from_agency".
 * @param now_ms The time of the request.
 * @param submit Nonzero to submit at once ("requested", with its deadline).
 * @return #ATENSI_OK or an error code.
 * @errors #ATENSI_INVALID_ARGUMENT ("referral.field", "capi.json");
 *         #ATENSI_PERMISSION_DENIED ("referral.not_requester",
 *         "referral.consent_*"); #ATENSI_MISUSE; #ATENSI_NOMEM.
 * @ownership The caller owns `*out_referral_json` and frees it with atensi_free().
 * @thread_safety May be called from any thread.
 * @since 0.1.0
 */
ATENSI_API int atensi_referral_create(char **out_referral_json, const char *request_json,
                                      const char *consent_json, const atensi_actor *actor,
                                      int64_t now_ms, int submit);

/**
 * @brief Applies one event (submit, accept, reject, start, hold, resume, complete, fail, cancel, enter_in_error, expire).
 * @param out_referral_json Receives the next referral, or NULL on failure.
 * @param referral_json The current referral.
 * @param event_json {"kind": "accept", "reason": "...", "outcome": "..."}.
 * @param actor Who acts: the requester or the responder, as the event requires.
 * @param now_ms The time of the event.
 * @return #ATENSI_OK or an error code.
 * @errors #ATENSI_FAILED_PRECONDITION ("referral.transition",
 *         "referral.not_due"); #ATENSI_PERMISSION_DENIED
 *         ("referral.not_a_party", "referral.wrong_party"); #ATENSI_EXPIRED
 *         ("referral.expired"); #ATENSI_INVALID_ARGUMENT
 *         ("referral.reason_required", "referral.outcome_required",
 *         "capi.json", "referral_json.*"); #ATENSI_MISUSE; #ATENSI_NOMEM.
 * @ownership The caller owns `*out_referral_json` and frees it with atensi_free().
 * @thread_safety May be called from any thread.
 * @since 0.1.0
 */
ATENSI_API int atensi_referral_apply(char **out_referral_json, const char *referral_json,
                                     const char *event_json, const atensi_actor *actor,
                                     int64_t now_ms);

/**
 * @brief The next agency to send the lead referral to after a rejection or expiry.
 * @param out_involvement_json Receives the involvement {"agency_id", "role",
 *        "reason", "rule_id", ...}, or NULL on failure.
 * @param decision_json A routing decision (from atensi_route()).
 * @param referrals_json A JSON array of the case's referrals so far.
 * @return #ATENSI_OK, #ATENSI_NOT_FOUND when every candidate was tried, or an error code.
 * @errors #ATENSI_NOT_FOUND ("referral.no_candidate"); #ATENSI_INVALID_ARGUMENT
 *         ("capi.json", "routing_json.*", "referral_json.*"); #ATENSI_MISUSE;
 *         #ATENSI_NOMEM.
 * @ownership The caller owns `*out_involvement_json` and frees it with atensi_free().
 * @thread_safety May be called from any thread.
 * @since 0.1.0
 */
ATENSI_API int atensi_referral_next_candidate(char **out_involvement_json,
                                              const char *decision_json,
                                              const char *referrals_json);

/**
 * @brief Opens a case transfer, pushed by the owner or pulled by the destination.
 * @param out_transfer_json Receives the transfer, or NULL on failure.
 * @param request_json {"id", "case_id", "from_agency", "to_agency",
 *        "from_region", "to_region", "reason"}.
 * @param direction "push" or "pull".
 * @param current_owner The agency that owns the case now.
 * @param actor The source (push) or destination (pull).
 * @param now_ms The time.
 * @return #ATENSI_OK or an error code.
 * @errors #ATENSI_INVALID_ARGUMENT ("transfer.field", "capi.json");
 *         #ATENSI_PERMISSION_DENIED ("transfer.wrong_party");
 *         #ATENSI_FAILED_PRECONDITION ("transfer.not_owner",
 *         "transfer.already_owner"); #ATENSI_MISUSE; #ATENSI_NOMEM.
 * @ownership The caller owns `*out_transfer_json` and frees it with atensi_free().
 * @thread_safety May be called from any thread.
 * @since 0.1.0
 */
ATENSI_API int atensi_transfer_open(char **out_transfer_json, const char *request_json,
                                    const char *direction, const char *current_owner,
                                    const atensi_actor *actor, int64_t now_ms);

/**
 * @brief Accepts, declines or cancels an open transfer.
 * @param out_transfer_json Receives the next transfer, or NULL on failure.
 * @param transfer_json The current transfer.
 * @param event "accept", "decline" (needs a reason) or "cancel".
 * @param reason Why; NULL for none.
 * @param actor Who answers (the party the transfer waits for) or cancels (the initiator).
 * @param now_ms The time.
 * @return #ATENSI_OK or an error code.
 * @errors #ATENSI_FAILED_PRECONDITION ("transfer.transition");
 *         #ATENSI_PERMISSION_DENIED ("transfer.wrong_party");
 *         #ATENSI_INVALID_ARGUMENT ("transfer.reason_required", "capi.json",
 *         "transfer_json.*"); #ATENSI_MISUSE; #ATENSI_NOMEM.
 * @ownership The caller owns `*out_transfer_json` and frees it with atensi_free().
 * @thread_safety May be called from any thread.
 * @since 0.1.0
 */
ATENSI_API int atensi_transfer_apply(char **out_transfer_json, const char *transfer_json,
                                     const char *event, const char *reason,
                                     const atensi_actor *actor, int64_t now_ms);

/**
 * @brief What a move of the family's domicile means for routing: offices and centre coverage.
 * @param out_json Receives {"source_office", "destination_office",
 *        "centre_before", "centre_after", "centre_continues",
 *        "centre_after_confirmed", "explanation"}, or NULL on failure.
 * @param from_region The domicile before the move.
 * @param to_region The domicile after the move.
 * @param on The date.
 * @return #ATENSI_OK or an error code.
 * @errors #ATENSI_NOT_FOUND ("transfer.region_unknown");
 *         #ATENSI_INVALID_ARGUMENT ("region.format"); #ATENSI_MISUSE; #ATENSI_NOMEM.
 * @ownership The caller owns `*out_json` and frees it with atensi_free().
 * @thread_safety May be called from any thread.
 * @since 0.1.0
 */
ATENSI_API int atensi_transfer_assess_move(char **out_json, const char *from_region,
                                           const char *to_region, const atensi_date *on);

/** @} */

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* ATENSI_H_ */
