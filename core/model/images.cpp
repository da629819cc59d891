#include "model/images.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

namespace clusterlab::model {

namespace {

struct KnownTags
{
    std::string_view repository; ///< registry/repository, as full() writes it
    std::array<std::string_view, 2> tags;
};

/// kTutorialImages are the images of the Kubernetes basics tutorial, with all their tags.
constexpr std::array<KnownTags, 2> kTutorialImages{ {
        { "gcr.io/google-samples/kubernetes-bootcamp", { "v1", "" } },
        { "docker.io/jocatalin/kubernetes-bootcamp", { "v1", "v2" } },
} };

/// kOfficialImages are the Docker official images ClusterLab simulates.
constexpr std::array<std::string_view, 7> kOfficialImages{ "nginx",   "httpd",   "redis", "mysql",
                                                           "mariadb", "busybox", "alpine" };

/// kVariantWords start the tags of the official images that are not versions.
constexpr std::array<std::string_view, 18> kVariantWords{
    "latest", "stable", "mainline", "alpine", "perl",   "bookworm", "bullseye", "buster", "trixie",
    "slim",   "musl",   "glibc",    "uclibc", "oracle", "lts",      "jammy",    "noble",  "focal"
};

bool officialTagExists(std::string_view tag)
{
    if (!tag.empty() && std::isdigit(static_cast<unsigned char>(tag.front())))
        return true;
    return std::any_of(kVariantWords.begin(), kVariantWords.end(), [&](std::string_view word) {
        return tag.starts_with(word)
                && (tag.size() == word.size() || tag[word.size()] == '-'
                    || std::isdigit(static_cast<unsigned char>(tag[word.size()])));
    });
}

std::string notFound(const ImageReference &ref)
{
    const std::string full = ref.full();
    return "rpc error: code = NotFound desc = failed to pull and unpack image \"" + full
            + "\": failed to resolve reference \"" + full + "\": " + full + ": not found";
}

bool isBootcamp(const ImageReference &ref)
{
    const std::string name = ref.registry + "/" + ref.repository;
    return std::any_of(kTutorialImages.begin(), kTutorialImages.end(), [&](const KnownTags &k) {
        return k.repository == name;
    });
}

} // namespace

std::string ImageReference::full() const
{
    std::string out = registry + "/" + repository;
    if (!tag.empty())
        out += ":" + tag;
    if (!digest.empty())
        out += "@" + digest;
    return out;
}

ImageReference parseImage(const std::string &image)
{
    ImageReference ref;
    std::string rest = image;
    if (const auto at = rest.find('@'); at != std::string::npos) {
        ref.digest = rest.substr(at + 1);
        rest.resize(at);
    }
    const auto slash = rest.rfind('/');
    const auto colon = rest.rfind(':');
    if (colon != std::string::npos && (slash == std::string::npos || colon > slash)) {
        ref.tag = rest.substr(colon + 1);
        rest.resize(colon);
    }
    const auto first = rest.find('/');
    const std::string head = first == std::string::npos ? std::string() : rest.substr(0, first);
    if (!head.empty()
        && (head.find('.') != std::string::npos || head.find(':') != std::string::npos
            || head == "localhost")) {
        ref.registry = head;
        ref.repository = rest.substr(first + 1);
    } else {
        ref.registry = "docker.io";
        ref.repository = first == std::string::npos ? "library/" + rest : rest;
    }
    if (ref.tag.empty() && ref.digest.empty())
        ref.tag = "latest";
    return ref;
}

std::optional<std::string> imagePullFailure(const std::string &image)
{
    const ImageReference ref = parseImage(image);
    if (!ref.digest.empty())
        return std::nullopt;
    const std::string name = ref.registry + "/" + ref.repository;
    for (const auto &known : kTutorialImages)
        if (known.repository == name)
            return std::find(known.tags.begin(), known.tags.end(), ref.tag) == known.tags.end()
                    ? std::optional(notFound(ref))
                    : std::nullopt;
    if (ref.registry == "docker.io")
        for (const auto official : kOfficialImages)
            if (ref.repository == "library/" + std::string(official))
                return officialTagExists(ref.tag) ? std::nullopt : std::optional(notFound(ref));
    return std::nullopt;
}

std::optional<int> bootcampVersion(const std::string &image)
{
    const ImageReference ref = parseImage(image);
    if (!isBootcamp(ref))
        return std::nullopt;
    return ref.tag == "v2" ? 2 : 1;
}

std::optional<int> imageListenPort(const std::string &image)
{
    if (isBootcamp(parseImage(image)))
        return 8080;
    return std::nullopt;
}

} // namespace clusterlab::model
