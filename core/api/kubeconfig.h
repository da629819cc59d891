#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace clusterlab::api {

/// kContextName names the cluster, user and context ClusterLab writes.
inline constexpr const char *kContextName = "clusterlab";

/// generateToken returns a fresh random bearer token (64 hex digits).
std::string generateToken();

/// defaultKubeconfigPath is ClusterLab's own kubeconfig for an API port:
/// $XDG_RUNTIME_DIR/clusterlab/kubeconfig-PORT, else ~/.config/clusterlab/kubeconfig-PORT.
std::filesystem::path defaultKubeconfigPath(int port);

/// kubeconfigText is a kubeconfig with one cluster (server), one user (the token) and the
/// context `clusterlab`, selected.
std::string kubeconfigText(const std::string &server, const std::string &token);

/// writeKubeconfig writes kubeconfigText to path, readable by the user only (it holds the
/// token), creating its folder; returns why it could not.
std::optional<std::string> writeKubeconfig(const std::filesystem::path &path,
                                           const std::string &server, const std::string &token);

/// KubeconfigMerge adds ClusterLab's cluster, user and context to a user's kubeconfig (as
/// --merge-kubeconfig asks) and makes it current; undo() takes them out again and gives
/// back the context that was current. Nothing else in the file is touched.
class KubeconfigMerge
{
public:
    std::optional<std::string> merge(const std::filesystem::path &file, const std::string &server,
                                     const std::string &token);
    void undo();

private:
    std::filesystem::path m_file;
    std::string m_previousContext;
    bool m_merged = false;
};

} // namespace clusterlab::api
