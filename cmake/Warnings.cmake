# Shared INTERFACE targets every licmig target links:
#   licmig_warnings   - the project's warning set; -Werror when the CI variable is set
#   licmig_sanitizers - ASan+UBSan (LICMIG_SANITIZE=address) or TSan (LICMIG_SANITIZE=thread)
add_library(licmig_warnings INTERFACE)
target_compile_options(licmig_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
  -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual
  -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)
if(DEFINED ENV{CI} AND NOT "$ENV{CI}" STREQUAL "" AND NOT "$ENV{CI}" STREQUAL "false")
  target_compile_options(licmig_warnings INTERFACE -Werror)
endif()
target_compile_definitions(licmig_warnings INTERFACE $<$<CONFIG:Debug>:_GLIBCXX_ASSERTIONS>)

set(LICMIG_SANITIZE "" CACHE STRING "Sanitizer build: empty, 'address' (ASan+UBSan) or 'thread'")
add_library(licmig_sanitizers INTERFACE)
if(LICMIG_SANITIZE STREQUAL "address")
  target_compile_options(licmig_sanitizers INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(licmig_sanitizers INTERFACE -fsanitize=address,undefined)
elseif(LICMIG_SANITIZE STREQUAL "thread")
  target_compile_options(licmig_sanitizers INTERFACE -fsanitize=thread -fno-omit-frame-pointer)
  target_link_options(licmig_sanitizers INTERFACE -fsanitize=thread)
endif()
# Fuzz builds instrument the libraries for coverage too.
if(LICMIG_BUILD_FUZZERS)
  target_compile_options(licmig_sanitizers INTERFACE -fsanitize=fuzzer-no-link)
endif()
if(NOT LICMIG_SANITIZE MATCHES "^(|address|thread)$")
  message(FATAL_ERROR "LICMIG_SANITIZE must be empty, 'address' or 'thread'")
endif()
