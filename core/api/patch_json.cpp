#include "api/patch.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <charconv>

namespace clusterlab::api {

namespace json = boost::json;

namespace {

std::optional<std::vector<std::string>> splitPointer(const std::string &pointer)
{
    std::vector<std::string> out;
    if (pointer.empty())
        return out;
    if (pointer[0] != '/')
        return std::nullopt;
    std::size_t start = 1;
    for (;;) {
        const auto slash = pointer.find('/', start);
        std::string token = pointer.substr(
                start, slash == std::string::npos ? std::string::npos : slash - start);
        std::string decoded;
        for (std::size_t i = 0; i < token.size(); ++i) {
            if (token[i] == '~' && i + 1 < token.size()
                && (token[i + 1] == '0' || token[i + 1] == '1')) {
                decoded += token[i + 1] == '0' ? '~' : '/';
                ++i;
            } else {
                decoded += token[i];
            }
        }
        out.push_back(std::move(decoded));
        if (slash == std::string::npos)
            break;
        start = slash + 1;
    }
    return out;
}

std::optional<std::size_t> arrayIndex(const std::string &token, std::size_t size, bool forAdd)
{
    if (forAdd && token == "-")
        return size;
    std::size_t index = 0;
    auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), index);
    if (ec != std::errc() || end != token.data() + token.size() || token.empty())
        return std::nullopt;
    if (index > size || (!forAdd && index == size))
        return std::nullopt;
    return index;
}

/// find returns the value at pointer tokens, or null.
json::value *find(json::value &root, const std::vector<std::string> &tokens)
{
    json::value *at = &root;
    for (const auto &token : tokens) {
        if (at->is_object()) {
            at = at->get_object().if_contains(token);
        } else if (at->is_array()) {
            auto index = arrayIndex(token, at->get_array().size(), false);
            at = index ? &at->get_array()[*index] : nullptr;
        } else {
            at = nullptr;
        }
        if (!at)
            return nullptr;
    }
    return at;
}

std::string missing(const std::string &path)
{
    return "doc is missing path: \"" + path + "\": missing value";
}

std::optional<std::string> add(json::value &root, const std::string &path, json::value value)
{
    auto tokens = splitPointer(path);
    if (!tokens)
        return "invalid JSON pointer \"" + path + "\"";
    if (tokens->empty()) {
        root = std::move(value);
        return std::nullopt;
    }
    const std::string last = tokens->back();
    tokens->pop_back();
    json::value *parent = find(root, *tokens);
    if (parent && parent->is_object()) {
        parent->get_object()[last] = std::move(value);
        return std::nullopt;
    }
    if (parent && parent->is_array()) {
        auto &array = parent->get_array();
        auto index = arrayIndex(last, array.size(), true);
        if (!index)
            return "add operation does not apply: doc is missing path: \"" + path + "\"";
        array.insert(array.begin() + long(*index), std::move(value));
        return std::nullopt;
    }
    return "add operation does not apply: doc is missing path: \"" + path + "\": missing value";
}

std::optional<std::string> remove(json::value &root, const std::string &path,
                                  json::value *removed = nullptr)
{
    auto tokens = splitPointer(path);
    if (!tokens || tokens->empty())
        return "invalid JSON pointer \"" + path + "\"";
    const std::string last = tokens->back();
    tokens->pop_back();
    json::value *parent = find(root, *tokens);
    if (parent && parent->is_object()) {
        auto &object = parent->get_object();
        auto it = object.find(last);
        if (it == object.end())
            return missing(path);
        if (removed)
            *removed = it->value();
        object.erase(it);
        return std::nullopt;
    }
    if (parent && parent->is_array()) {
        auto &array = parent->get_array();
        auto index = arrayIndex(last, array.size(), false);
        if (!index)
            return missing(path);
        if (removed)
            *removed = array[*index];
        array.erase(array.begin() + long(*index));
        return std::nullopt;
    }
    return missing(path);
}

} // namespace

std::optional<std::string> applyJsonPatch(json::value &target, const json::value &patch)
{
    if (!patch.is_array())
        return "json: cannot unmarshal object into Go value of type jsonpatch.Patch";
    for (const auto &operation : patch.get_array()) {
        if (!operation.is_object())
            return "json: cannot unmarshal into Go value of type jsonpatch.Operation";
        const auto &op = operation.get_object();
        auto text = [&](const char *key) -> std::string {
            const auto *v = op.if_contains(key);
            return v && v->is_string() ? std::string(v->get_string()) : std::string();
        };
        const std::string kind = text("op");
        const std::string path = text("path");
        const json::value *value = op.if_contains("value");
        std::optional<std::string> error;
        if (kind == "add" || kind == "replace") {
            if (!value)
                return "missing value for " + kind + " operation";
            if (kind == "replace") {
                auto tokens = splitPointer(path);
                json::value *slot = tokens ? find(target, *tokens) : nullptr;
                if (!slot)
                    return "replace operation does not apply: doc is missing key: " + path
                            + ": missing value";
                *slot = *value;
                continue;
            }
            error = add(target, path, *value);
        } else if (kind == "remove") {
            error = remove(target, path);
        } else if (kind == "move" || kind == "copy") {
            auto from = splitPointer(text("from"));
            json::value *source = from ? find(target, *from) : nullptr;
            if (!source)
                return missing(text("from"));
            json::value moved = *source;
            if (kind == "move")
                error = remove(target, text("from"));
            if (!error)
                error = add(target, path, std::move(moved));
        } else if (kind == "test") {
            auto tokens = splitPointer(path);
            json::value *current = tokens ? find(target, *tokens) : nullptr;
            if (!value || !current || *current != *value)
                return "testing value " + path + " failed: test failed";
        } else {
            return "Unexpected kind: " + kind;
        }
        if (error)
            return error;
    }
    return std::nullopt;
}

} // namespace clusterlab::api
