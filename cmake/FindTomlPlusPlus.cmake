# Find toml++ headers (Debian: libtomlplusplus-dev), used header-only as TomlPlusPlus::TomlPlusPlus.
find_path(TomlPlusPlus_INCLUDE_DIR NAMES toml++/toml.h)
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(TomlPlusPlus REQUIRED_VARS TomlPlusPlus_INCLUDE_DIR)
if(TomlPlusPlus_FOUND AND NOT TARGET TomlPlusPlus::TomlPlusPlus)
  add_library(TomlPlusPlus::TomlPlusPlus INTERFACE IMPORTED)
  set_target_properties(TomlPlusPlus::TomlPlusPlus PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${TomlPlusPlus_INCLUDE_DIR}"
    # std::to_chars/from_chars for floats (GCC >= 11): shortest round-trip form, e.g. 0.9 not 0.90000000000000002
    INTERFACE_COMPILE_DEFINITIONS "TOML_HEADER_ONLY=1;TOML_EXCEPTIONS=1;TOML_FLOAT_CHARCONV=1")
endif()
mark_as_advanced(TomlPlusPlus_INCLUDE_DIR)
