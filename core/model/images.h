#pragma once

// What ClusterLab knows about container images without a registry: which references a
// registry would refuse, and the program the Kubernetes basics tutorial's image runs.

#include <optional>
#include <string>

namespace clusterlab::model {

/// ImageReference is an image name as containerd reads it: "nginx" is
/// {"docker.io", "library/nginx", "latest"}; a digest is kept apart.
struct ImageReference
{
    std::string registry;
    std::string repository;
    std::string tag;
    std::string digest;

    /// full is "docker.io/library/nginx:latest" (or "...@sha256:..." with a digest).
    std::string full() const;
};

/// parseImage splits an image reference (docker's normalisation: no registry is docker.io,
/// one path component is under library/, no tag is latest).
ImageReference parseImage(const std::string &image);

/// imagePullFailure is why pulling image fails, in containerd's words as the kubelet's
/// "Failed to pull image" event carries them ("rpc error: code = NotFound desc = failed to
/// pull and unpack image ...: not found"), or nothing when the image is pulled. ClusterLab
/// has no registry, so the rule is one a class can predict: an image whose tags ClusterLab
/// knows refuses any other tag. Those are the basics tutorial's images (gcr.io/google-samples/
/// kubernetes-bootcamp has v1; docker.io/jocatalin/kubernetes-bootcamp has v1 and v2), and
/// the Docker official images it simulates (nginx, httpd, redis, mysql, mariadb, busybox,
/// alpine), whose tags are versions (they start with a digit) or variant words (latest,
/// stable, mainline, alpine, bookworm, ...): `nginx:1.25` and `nginx:1.99` pull,
/// `nginx:v10` and `nginx:doesnotexist` do not. Every other image pulls.
std::optional<std::string> imagePullFailure(const std::string &image);

/// bootcampVersion is the version the basics tutorial's kubernetes-bootcamp image answers
/// with ("v=1" from :v1, 2 from :v2), or nothing for another image.
std::optional<int> bootcampVersion(const std::string &image);

/// imageListenPort is the port an image's program listens on whatever the Pod declares
/// (kubernetes-bootcamp: 8080, as its server.js does), or nothing when ClusterLab does not
/// know it.
std::optional<int> imageListenPort(const std::string &image);

} // namespace clusterlab::model
