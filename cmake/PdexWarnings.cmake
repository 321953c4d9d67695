# Strict warnings for our own targets only (third-party headers are SYSTEM).
function(pdex_strict_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
    -Wcast-align -Woverloaded-virtual -Wconversion -Wsign-conversion
    -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)
  # GCC 12 reports std::string concatenation at -O3 as overlapping memcpy
  # (GCC bug 105329, a false positive).
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
  if(PDEX_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# pdex_library(NAME SOURCES... DEPS...): one static library per component,
# headers under src/ included as <component/header.h>.
function(pdex_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(pdex_${name} STATIC ${ARG_SOURCES})
  add_library(pdex::${name} ALIAS pdex_${name})
  target_include_directories(pdex_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(pdex_${name} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
  pdex_strict_warnings(pdex_${name})
endfunction()
