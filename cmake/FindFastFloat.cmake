# Find fast_float (Debian: libfast-float-dev, header-only), defines FastFloat::fast_float.
find_path(FastFloat_INCLUDE_DIR NAMES fast_float/fast_float.h)
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(FastFloat REQUIRED_VARS FastFloat_INCLUDE_DIR)
if(FastFloat_FOUND AND NOT TARGET FastFloat::fast_float)
  add_library(FastFloat::fast_float INTERFACE IMPORTED)
  set_target_properties(FastFloat::fast_float PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${FastFloat_INCLUDE_DIR}")
endif()
mark_as_advanced(FastFloat_INCLUDE_DIR)
