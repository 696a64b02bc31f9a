// The parts of checked_calls.hpp that do not depend on a callable's types: reading the annotations,
// matching arguments to parameters, and the one-line messages.
#include "checked_calls.hpp"

#include <algorithm>

namespace py = pybind11;

namespace govindex::python::call_detail {

namespace {

/// "a, b, c"
std::string listed(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
    return out;
}

/// The parameters a caller gives (a method's self is not one of them).
std::size_t first_given(const CallSpec& call) { return call.kind == Kind::method ? 1 : 0; }

}  // namespace

void complete_spec(CallSpec& call, py::detail::function_record& rec, const char* name, const char* signature,
                   const std::type_info* const* types) {
    const std::size_t self = call.kind == Kind::constructor ? 1 : 0;  // shown, not a parameter
    const std::size_t shown = call.parameters.size() + self;
    if (!rec.args.empty() && rec.args.size() != shown)
        throw std::logic_error(call.label + ": " + std::to_string(rec.args.size()) + " argument annotations for " +
                               std::to_string(shown) + " parameters");
    // Defaults are shown by their repr unless the annotation gives a text (pybind11 does the same).
    std::vector<std::string> reprs(rec.args.size());
    for (std::size_t i = 0; i < rec.args.size(); ++i) {
        auto& a = rec.args[i];
        if (a.descr == nullptr && a.value) {
            reprs[i] = py::repr(a.value).cast<std::string>();
            a.descr = reprs[i].c_str();
        }
    }
    std::size_t type_index = 0, arg_index = 0;
    const std::string text = py::detail::generate_function_signature(signature, &rec, types, type_index, arg_index);
    call.doc = std::string(name) + text + "\n";
    if (rec.doc != nullptr && rec.doc[0] != '\0') call.doc += "\n" + std::string(rec.doc) + "\n";
    call.policy = rec.policy;
    call.positional = std::min<std::size_t>(rec.nargs_pos, shown) - self;
    const std::size_t positional_only = rec.nargs_pos_only > self ? rec.nargs_pos_only - self : 0;
    for (std::size_t i = 0; i < call.parameters.size(); ++i) {
        Parameter& p = call.parameters[i];
        const std::size_t shown_index = i + self;
        if (shown_index < rec.args.size()) {
            auto& a = rec.args[shown_index];
            p.name = a.name != nullptr ? a.name : "";
            p.keyword = a.name != nullptr && i >= positional_only;
            p.default_value = py::reinterpret_steal<py::object>(a.value);  // process_attributes took a reference
            a.value = py::handle();
            p.convert = a.convert;
            p.none = a.none;
        }
        if (p.name.empty()) {
            const bool is_self = shown_index == 0 && rec.is_method;
            p.name = is_self ? "self" : "arg" + std::to_string(shown_index - (rec.is_method ? 1 : 0));
            p.keyword = false;
        }
    }
    for (auto& a : rec.args) a.descr = nullptr;  // reprs go out of scope
}

std::vector<py::handle> match(const CallSpec& call, const py::args& args, const py::kwargs& kwargs) {
    const std::size_t n = call.parameters.size();
    const std::size_t skip = first_given(call);
    std::vector<py::handle> given(n);
    const auto keywords = [&] {
        std::vector<std::string> names;
        for (const auto& p : call.parameters)
            if (p.keyword && p.name != "self") names.push_back(p.name);
        return names;
    };
    if (args.size() > call.positional) {
        std::vector<std::string> names;
        for (std::size_t i = skip; i < call.positional; ++i) names.push_back(call.parameters[i].name);
        const std::size_t found = args.size() - std::min(skip, args.size());
        const std::vector<std::string> by_keyword = keywords();
        throw_argument_type_error(
            call.label + ": " +
            (names.empty() ? std::string("takes no positional arguments")
                           : "takes " + std::to_string(names.size()) + " positional argument" +
                                 (names.size() == 1 ? "" : "s") + " (" + listed(names) + ")") +
            ", found " + std::to_string(found) +
            (by_keyword.size() > names.size() ? "; give " + listed(by_keyword) + " by keyword" : ""));
    }
    for (std::size_t i = 0; i < args.size(); ++i) given[i] = args[i];
    for (const auto& [key, value] : kwargs) {
        const std::string name = py::str(key);
        const auto it = std::find_if(call.parameters.begin(), call.parameters.end(),
                                     [&](const Parameter& p) { return p.keyword && p.name == name; });
        if (it == call.parameters.end()) {
            const std::vector<std::string> names = keywords();
            throw_argument_type_error(
                call.label + ": unexpected argument " + name +
                (names.empty() ? "; it takes no arguments by keyword" : "; expected one of " + listed(names)));
        }
        const auto i = static_cast<std::size_t>(it - call.parameters.begin());
        if (given[i])
            throw_argument_type_error(call.label + ": argument " + name + " given twice, by position and by keyword");
        given[i] = value;
    }
    for (std::size_t i = 0; i < n; ++i)
        if (!given[i]) given[i] = call.parameters[i].default_value;  // null when required: load() says so
    return given;
}

void argument_missing(const CallSpec& call, std::size_t i) {
    const Parameter& p = call.parameters[i];
    throw_argument_type_error(call.label + ": missing argument " + p.name + ": expected " + p.expected());
}

void argument_failed(const CallSpec& call, std::size_t i, py::handle value) {
    const Parameter& p = call.parameters[i];
    // A setter's value is named by the property ("Assessment.leaves: expected ...").
    const bool the_value = call.kind == Kind::setter && i + 1 == call.parameters.size();
    const std::string where = the_value ? call.label : call.label + ": argument " + p.name;
    const std::string bad = argument_detail::bad_text(value);
    if (!bad.empty()) throw_argument_value_error(where + bad);
    const std::string range = p.integer_range();
    if (!range.empty() && PyLong_Check(value.ptr()) && !PyBool_Check(value.ptr()))
        throw_argument_value_error(where + ": expected an integer " + range + ", found " +
                                   argument_detail::found(value));
    throw_argument_type_error(where + ": expected " + p.expected() + ", found " + argument_detail::found(value));
}

void require_new_name(py::handle scope, const char* name) {
    if (scope.attr("__dict__").contains(name))
        throw std::logic_error(std::string(py::str(scope.attr("__name__"))) + "." + name +
                               " is bound twice; checked bindings make no overloads");
}

}  // namespace govindex::python::call_detail
