# atensi_set_warnings(<target>): the project's warning set; errors when
# ATENSI_WARNINGS_AS_ERRORS is on (the dev and CI presets turn it on).
# -Wnull-dereference is left out: with optimisation GCC 12 reports false
# positives inside libstdc++ and CLI11 headers inlined into our code, and
# -Wrestrict is turned off for the same reason at -O3 (GCC bug 105329).
function(atensi_set_warnings target)
  target_compile_options(${target} PRIVATE
    $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
      -Wold-style-cast -Wcast-align -Woverloaded-virtual -Wconversion -Wsign-conversion
      -Wimplicit-fallthrough -Wformat=2>
    $<$<AND:$<COMPILE_LANGUAGE:CXX>,$<CXX_COMPILER_ID:GNU>>:-Wno-restrict>
    $<$<COMPILE_LANGUAGE:C>:-Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wstrict-prototypes>)
  if(ATENSI_WARNINGS_AS_ERRORS)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
