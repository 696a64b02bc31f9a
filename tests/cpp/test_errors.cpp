#define BOOST_TEST_MODULE errors
#include <boost/test/unit_test.hpp>

#include <type_traits>

#include "test_support.hpp"

using namespace govindex;

namespace {

// Throws `E(message)` and reports how it was caught: as E, as govindex::Error, as std::runtime_error.
template <class E>
void check_caught_as_every_base(const std::string& message) {
    bool as_self = false, as_error = false, as_runtime = false, as_exception = false;
    try {
        throw E(message);
    } catch (const E& e) {
        as_self = std::string(e.what()) == message;
    }
    try {
        throw E(message);
    } catch (const Error& e) {
        as_error = std::string(e.what()) == message;
    }
    try {
        throw E(message);
    } catch (const std::runtime_error& e) {
        as_runtime = std::string(e.what()) == message;
    }
    try {
        throw E(message);
    } catch (const std::exception& e) {
        as_exception = std::string(e.what()) == message;
    }
    BOOST_TEST(as_self);
    BOOST_TEST(as_error);
    BOOST_TEST(as_runtime);
    BOOST_TEST(as_exception);
}

// True when throwing `E` is caught by a handler for `Other` (a sibling must not be).
template <class E, class Other>
bool caught_as() {
    try {
        throw E("x");
    } catch (const Other&) {
        return true;
    } catch (...) {
        return false;
    }
}

}  // namespace

BOOST_AUTO_TEST_CASE(static_hierarchy) {
    static_assert(std::is_base_of_v<std::runtime_error, Error>);
    static_assert(std::is_base_of_v<Error, InputError>);
    static_assert(std::is_base_of_v<Error, FrameworkError>);
    static_assert(std::is_base_of_v<Error, MethodError>);
    static_assert(std::is_base_of_v<Error, NumericError>);
    static_assert(std::is_base_of_v<Error, UnknownCodeError>);
    static_assert(std::is_base_of_v<std::runtime_error, UnknownCodeError>);
    BOOST_TEST(true);
}

BOOST_AUTO_TEST_CASE(error_root) { check_caught_as_every_base<Error>("root message"); }
BOOST_AUTO_TEST_CASE(input_error) { check_caught_as_every_base<InputError>("f.csv line 3, column \"X\": bad"); }
BOOST_AUTO_TEST_CASE(framework_error) { check_caught_as_every_base<FrameworkError>("cycle in the hierarchy"); }
BOOST_AUTO_TEST_CASE(method_error) { check_caught_as_every_base<MethodError>("unknown method \"z\""); }
BOOST_AUTO_TEST_CASE(numeric_error) { check_caught_as_every_base<NumericError>("constant column"); }
BOOST_AUTO_TEST_CASE(unknown_code_error) { check_caught_as_every_base<UnknownCodeError>("no node \"Q\""); }

BOOST_AUTO_TEST_CASE(siblings_are_distinct) {
    BOOST_TEST((caught_as<InputError, FrameworkError>()) == false);
    BOOST_TEST((caught_as<FrameworkError, InputError>()) == false);
    BOOST_TEST((caught_as<MethodError, NumericError>()) == false);
    BOOST_TEST((caught_as<UnknownCodeError, InputError>()) == false);
    BOOST_TEST((caught_as<NumericError, MethodError>()) == false);
    BOOST_TEST((caught_as<Error, InputError>()) == false);  // a base is not a derived
    BOOST_TEST((caught_as<NumericError, Error>()) == true);
}

BOOST_AUTO_TEST_CASE(messages_preserved_byte_for_byte) {
    const std::string utf8 = "f.csv line 2, column \"iName\": H\xC3\xA0 N\xE1\xBB\x99i; expected text";
    BOOST_TEST(std::string(InputError(utf8).what()) == utf8);
    BOOST_TEST(std::string(FrameworkError("").what()).empty());
    const std::string long_message(5000, 'x');
    BOOST_TEST(std::string(MethodError(long_message).what()).size() == 5000u);
}

BOOST_AUTO_TEST_CASE(library_errors_are_govindex_errors) {
    // Real throws from the library are caught through the root type with their message intact.
    try {
        (void)to_nfc("\xff");
        BOOST_FAIL("to_nfc accepted invalid UTF-8");
    } catch (const Error& e) {
        BOOST_TEST(dynamic_cast<const InputError*>(&e) != nullptr);
        BOOST_TEST(std::string(e.what()).find("invalid UTF-8") != std::string::npos);
    }
    try {
        check(MinMax{1.0, 1.0});
        BOOST_FAIL("check accepted low == high");
    } catch (const std::runtime_error& e) {
        BOOST_TEST(dynamic_cast<const MethodError*>(&e) != nullptr);
        BOOST_TEST(std::string(e.what()).find("low=1, high=1") != std::string::npos);
    }
}
