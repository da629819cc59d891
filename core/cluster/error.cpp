#include "cluster/error.h"

#include "manifest/validate.h"
#include "model/object.h"

#include <cctype>
#include <stdexcept>

namespace clusterlab::cluster {

std::string reasonOf(Error::Code code)
{
    switch (code) {
    case Error::Code::NotFound:
        return "NotFound";
    case Error::Code::AlreadyExists:
        return "AlreadyExists";
    case Error::Code::Invalid:
        return "Invalid";
    case Error::Code::Conflict:
        return "Conflict";
    case Error::Code::BadRequest:
        return "BadRequest";
    case Error::Code::Forbidden:
        return "Forbidden";
    }
    return "BadRequest";
}

namespace {

std::string lower(const std::string &text)
{
    std::string out = text;
    for (char &c : out)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

} // namespace

std::string resourceOf(const std::string &kind)
{
    const model::KindInfo *info = model::kindInfo(kind);
    if (!info)
        return lower(kind) + "s";
    return *info->group ? std::string(info->resource) + "." + info->group : info->resource;
}

Error notFound(const std::string &kind, const std::string &name)
{
    return { Error::Code::NotFound, resourceOf(kind) + " \"" + name + "\" not found", {} };
}

Error alreadyExists(const std::string &kind, const std::string &name)
{
    return { Error::Code::AlreadyExists,
             resourceOf(kind) + " \"" + name + "\" already exists",
             {} };
}

Error invalid(const std::string &kind, const std::string &name,
              std::vector<manifest::FieldError> causes)
{
    std::string message = manifest::invalidMessage(manifest::qualifiedKind(kind), name, causes);
    return { Error::Code::Invalid, std::move(message), std::move(causes) };
}

Error conflict(const std::string &kind, const std::string &name)
{
    return { Error::Code::Conflict,
             "Operation cannot be fulfilled on " + resourceOf(kind) + " \"" + name
                     + "\": the object has been modified; please apply your changes to the "
                       "latest version and try again",
             {} };
}

Error forbidden(const std::string &kind, const std::string &name, const std::string &why)
{
    return { Error::Code::Forbidden,
             resourceOf(kind) + " \"" + name + "\" is forbidden: " + why,
             {} };
}

Error badRequest(std::string message)
{
    return { Error::Code::BadRequest, std::move(message), {} };
}

void throw_exception_from_error(const Error &error, const boost::source_location &)
{
    throw std::runtime_error(error.message);
}

} // namespace clusterlab::cluster
