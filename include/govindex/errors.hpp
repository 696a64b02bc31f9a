#pragma once
/// \file errors.hpp
/// The exception hierarchy of govindex. Every message says where (file, line, column or node),
/// what was expected and what was found.

#include <stdexcept>
#include <string>

namespace govindex {

/// Root of every exception govindex throws.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
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
