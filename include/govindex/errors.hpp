#pragma once
/// \file errors.hpp
/// The exception hierarchy of govindex. Every message says where (file, line, column or node),
/// what was expected and what was found.

#include <stdexcept>
#include <string>
#include <utility>

namespace govindex {

/// Where an error arose, as data: the same facts the message states, for programs to read.
/// Every member is optional ("" or 0 = not applicable / not known).
struct ErrorLocation {
    std::string source;    ///< file path, "DataFrame", or a step such as "step 2 (aggregate)"
    long line = 0;         ///< 1-based line of a file or row of a DataFrame; 0 = none
    std::string column;    ///< column (tables) or field / parameter (files, steps)
    std::string node;      ///< node code (framework, methodology, step override)
    std::string expected;  ///< what was expected, as the message says it
    std::string found;     ///< what was found, as the message says it

    friend bool operator==(const ErrorLocation&, const ErrorLocation&) = default;
};

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

/// Where a value came from: a file (or "DataFrame") and a 1-based line or row; 0 = unknown.
struct SourceLocation {
    std::string file;
    long line = 0;

    friend bool operator==(const SourceLocation&, const SourceLocation&) = default;
};

/// Formats `file line N, column "C": what` (the parts that are known), the prefix of messages.
[[nodiscard]] std::string located(const SourceLocation& where, const std::string& column,
                                  const std::string& what);

}  // namespace govindex
