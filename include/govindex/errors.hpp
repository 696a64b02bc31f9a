#pragma once
/// \file errors.hpp
/// The exception hierarchy of govindex. Every message says where (file, line, column or node),
/// what was expected and what was found.

#include <iosfwd>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace govindex {

/// Where an error arose, as data: the same facts the message states, for programs to read.
/// Every member is optional ("" or 0 = not applicable / not known), so designated initializers
/// may name only some: `ErrorLocation{.source = "p.toml", .line = 3, .column = "method"}`.
struct ErrorLocation {
    std::string source{};    ///< file path, "DataFrame", or a step such as "step 2 (aggregate)"
    long line = 0;           ///< 1-based line of a file or row of a DataFrame; 0 = none
    std::string column{};    ///< column (tables) or field / parameter (files, steps)
    std::string node{};      ///< node code (framework, methodology, step override)
    std::string expected{};  ///< what was expected, as the message says it
    std::string found{};     ///< what was found (a cell or value without its quotes)

    friend bool operator==(const ErrorLocation&, const ErrorLocation&) = default;
};

/// Prints the members that are set, e.g. `{source "f.csv", line 3, column "Weight"}`.
std::ostream& operator<<(std::ostream& os, const ErrorLocation& at);

/// Root of every exception govindex throws. The message is complete on its own; location()
/// repeats its parts as data.
class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message, ErrorLocation location = {})
        : std::runtime_error(message), location_(std::move(location)) {}
    [[nodiscard]] const ErrorLocation& location() const noexcept { return location_; }

private:
    ErrorLocation location_;
};

/// Malformed input data: a file or table that cannot be read as described (Python: ValueError).
class InputError : public Error {
public:
    using Error::Error;
};

/// An invalid framework (hierarchy of nodes): duplicates, unknown parents, cycles, bad weights
/// (Python: ValueError).
class FrameworkError : public Error {
public:
    using Error::Error;
};

/// An invalid pipeline step, method or parameter (Python: ValueError).
class MethodError : public Error {
public:
    using Error::Error;
};

/// A computation that is undefined for the data, e.g. min-max of a constant column
/// (Python: ArithmeticError).
class NumericError : public Error {
public:
    using Error::Error;
};

/// A look-up by code or name that found nothing (Python: KeyError).
class UnknownCodeError : public Error {
public:
    using Error::Error;
};

/// A long computation stopped because its progress callback asked it to (Python: Cancelled, a
/// RuntimeError; Ctrl-C gives KeyboardInterrupt).
class Cancelled : public Error {
public:
    using Error::Error;
};

/// Where a value came from: a file (or "DataFrame") and a 1-based line or row; 0 = unknown.
struct SourceLocation {
    std::string file;
    long line = 0;

    friend bool operator==(const SourceLocation&, const SourceLocation&) = default;
};

/// Formats `file line N, column "C": what` (the parts that are known), the prefix of messages.
[[nodiscard]] std::string located(const SourceLocation& where, const std::string& column, const std::string& what);

/// Formats `source line N, column "C": what` from a location's source, line and column (the parts
/// that are set; "row" for a "DataFrame"); `label` is the word before the column, e.g. "key".
[[nodiscard]] std::string located_message(const ErrorLocation& at, const std::string& what,
                                          std::string_view label = "column");

/// `at` with an empty expected / found filled from `message`: the text after its last "expected "
/// (up to ", found" or the end) and after its last "found " (up to "; ", quotes removed).
[[nodiscard]] ErrorLocation with_message_parts(ErrorLocation at, std::string_view message);

/// An error of type E whose message is located_message(at, what, label) and whose location() is
/// `at` (expected and found, when left empty, read from `what`): message and data come from the
/// same parts, e.g.
/// `throw located_error<InputError>({.source = f, .line = 3, .column = "Weight"}, "expected a number, found \"n/a\"");`
template <class E>
[[nodiscard]] E located_error(ErrorLocation at, const std::string& what, std::string_view label = "column") {
    std::string message = located_message(at, what, label);
    return E(message, with_message_parts(std::move(at), what));
}

/// An error E with `message` and location `at`, expected and found read from the message when `at`
/// leaves them empty (for messages not of the `located` form, e.g. a step's):
/// `throw error_at<MethodError>({.source = "treat step", .node = code}, "treat step: ...; expected ...");`
template <class E>
[[nodiscard]] E error_at(ErrorLocation at, const std::string& message) {
    ErrorLocation full = with_message_parts(std::move(at), message);
    return E(message, std::move(full));
}

/// The location of a value read from `where` (file and line) in `column`.
[[nodiscard]] inline ErrorLocation location_of(const SourceLocation& where, std::string column = {},
                                               std::string expected = {}, std::string found = {}) {
    return ErrorLocation{where.file, where.line, std::move(column), {}, std::move(expected), std::move(found)};
}

/// `inner` with its empty members taken from `outer` (inner's own facts win).
[[nodiscard]] ErrorLocation completed(ErrorLocation inner, const ErrorLocation& outer);

/// Throws a copy of `e` of the same dynamic type (InputError, MethodError ...) whose message is
/// `prefix + e.what()` and whose location is e.location() completed from `outer`.
[[noreturn]] void rethrow_with(const Error& e, const std::string& prefix, const ErrorLocation& outer = {});

}  // namespace govindex
