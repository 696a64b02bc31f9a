// C++ exceptions -> Python classes that also derive from the matching built-in
// (InputError is a ValueError, UnknownCodeError a KeyError ...), with the same message and the
// location as attributes: source, line, column, node, expected, found (None when not known).
#include <govindex/detail/format.hpp>
#include <govindex/errors.hpp>

#include "bindings.hpp"

namespace py = pybind11;

namespace govindex::python {

namespace {
constexpr const char* location_fields[] = {"source", "line", "column", "node", "expected", "found"};

// Text as a Python str; bytes that are not UTF-8 become U+FFFD rather than a second error.
py::object text_or_none(const std::string& s) {
    if (s.empty()) return py::none();
    return py::reinterpret_steal<py::object>(
        PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "replace"));
}

// Sets the Python error `name` from `e`: str() is e.what(), the attributes are e.location().
void raise(const char* name, const Error& e) {
    py::object cls = py::module_::import("govindex._core").attr(name);
    // The message as one line (detail::one_line: line breaks and control characters escaped, bytes
    // that are not UTF-8 as \xHH). The quoting helpers do this for what they quote; this is the last
    // guard for a message that joined a name without them. The location keeps the values as they were.
    const std::string message = detail::one_line(e.what());
    const ErrorLocation& at = e.location();
    py::object error = cls(message.empty() ? py::str() : text_or_none(message));
    const py::object values[] = {text_or_none(at.source),   at.line > 0 ? py::object(py::int_(at.line)) : py::none(),
                                 text_or_none(at.column),   text_or_none(at.node),
                                 text_or_none(at.expected), text_or_none(at.found)};
    for (std::size_t i = 0; i < std::size(location_fields); ++i) error.attr(location_fields[i]) = values[i];
    PyErr_SetObject(cls.ptr(), error.ptr());
}

py::handle make_error(py::module_& m, const char* name, py::handle base, py::handle builtin, const char* doc) {
    py::tuple bases = builtin ? py::tuple(py::make_tuple(base, builtin)) : py::tuple(py::make_tuple(base));
    py::dict ns;
    ns["__doc__"] = doc;
    ns["__module__"] = "govindex";
    for (const char* field : location_fields) ns[field] = py::none();  // raised from Python without a location
    py::object cls = py::reinterpret_borrow<py::object>(reinterpret_cast<PyObject*>(&PyType_Type))(name, bases, ns);
    m.attr(name) = cls;
    return cls.release();  // kept alive by the module for the life of the process
}
}  // namespace

void register_errors(py::module_& m) {
    py::handle error = make_error(m, "Error", PyExc_Exception, py::handle(), "Root of every govindex error.");
    make_error(m, "InputError", error, PyExc_ValueError,
               "Malformed input data: names the file (or DataFrame), line/row and column.");
    make_error(m, "FrameworkError", error, PyExc_ValueError,
               "An invalid framework: duplicates, unknown parents, cycles, bad weights.");
    make_error(m, "MethodError", error, PyExc_ValueError, "An invalid pipeline step, method or parameter.");
    make_error(m, "NumericError", error, PyExc_ArithmeticError, "A computation that is undefined for the data.");
    make_error(m, "Cancelled", error, PyExc_RuntimeError,
               "A long computation stopped by its progress callback (Ctrl-C raises KeyboardInterrupt instead).");
    make_error(m, "ArgumentTypeError", error, PyExc_TypeError,
               "A Python argument of the wrong type: names the argument, what was expected and what was found.");
    make_error(
        m, "ArgumentValueError", error, PyExc_ValueError,
        "A Python argument of the right type but an invalid value (text that is not UTF-8, a NUL in a path ...).");
    py::handle unknown =
        make_error(m, "UnknownCodeError", error, PyExc_KeyError, "A look-up by code or name that found nothing.");
    // KeyError quotes its message in str(); keep the message exactly as C++ wrote it.
    unknown.attr("__str__") = py::module_::import("builtins").attr("BaseException").attr("__str__");

    // The translator takes no captures: it finds the classes on the module when an error passes.
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const UnknownCodeError& e) {
            raise("UnknownCodeError", e);
        } catch (const InputError& e) {
            raise("InputError", e);
        } catch (const FrameworkError& e) {
            raise("FrameworkError", e);
        } catch (const MethodError& e) {
            raise("MethodError", e);
        } catch (const NumericError& e) {
            raise("NumericError", e);
        } catch (const Cancelled& e) {
            raise("Cancelled", e);
        } catch (const Error& e) {
            raise("Error", e);
        }
    });
}

}  // namespace govindex::python
