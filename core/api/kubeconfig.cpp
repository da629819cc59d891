#include "api/kubeconfig.h"

#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

namespace clusterlab::api {

namespace fs = std::filesystem;

std::string generateToken()
{
    std::random_device device;
    std::string out;
    static const char *digits = "0123456789abcdef";
    for (int i = 0; i < 32; ++i) {
        const unsigned byte = device() & 0xff;
        out += digits[byte >> 4];
        out += digits[byte & 15];
    }
    return out;
}

fs::path defaultKubeconfigPath(int port)
{
    const std::string file = "kubeconfig-" + std::to_string(port);
    if (const char *runtime = std::getenv("XDG_RUNTIME_DIR"); runtime && *runtime)
        return fs::path(runtime) / "clusterlab" / file;
    const char *home = std::getenv("HOME");
    return fs::path(home && *home ? home : "/tmp") / ".config" / "clusterlab" / file;
}

std::string kubeconfigText(const std::string &server, const std::string &token)
{
    std::ostringstream out;
    out << "# Written by ClusterLab for its simulated cluster; removed when ClusterLab stops.\n"
        << "apiVersion: v1\n"
        << "kind: Config\n"
        << "clusters:\n"
        << "- name: " << kContextName << "\n"
        << "  cluster:\n"
        << "    server: " << server << "\n"
        << "users:\n"
        << "- name: " << kContextName << "\n"
        << "  user:\n"
        << "    token: " << token << "\n"
        << "contexts:\n"
        << "- name: " << kContextName << "\n"
        << "  context:\n"
        << "    cluster: " << kContextName << "\n"
        << "    user: " << kContextName << "\n"
        << "    namespace: default\n"
        << "current-context: " << kContextName << "\n";
    return out.str();
}

std::optional<std::string> writeKubeconfig(const fs::path &path, const std::string &server,
                                           const std::string &token)
{
    std::error_code ec;
    if (path.has_parent_path()) {
        fs::create_directories(path.parent_path(), ec);
        if (ec)
            return "cannot create " + path.parent_path().string() + ": " + ec.message();
    }
    const fs::path temporary = path.string() + ".tmp";
    {
        std::ofstream out(temporary, std::ios::trunc);
        if (!out)
            return "cannot write " + temporary.string();
        fs::permissions(temporary, fs::perms::owner_read | fs::perms::owner_write,
                        fs::perm_options::replace, ec);
        out << kubeconfigText(server, token);
        if (!out)
            return "cannot write " + temporary.string();
    }
    fs::rename(temporary, path, ec);
    if (ec)
        return "cannot write " + path.string() + ": " + ec.message();
    return std::nullopt;
}

namespace {

/// upsert puts entry into the named list (clusters, users, contexts) under kContextName.
void upsert(YAML::Node root, const char *list, const YAML::Node &entry)
{
    YAML::Node items = root[list];
    YAML::Node out(YAML::NodeType::Sequence);
    bool replaced = false;
    if (items && items.IsSequence())
        for (const auto &item : items) {
            if (item["name"] && item["name"].as<std::string>("") == kContextName) {
                out.push_back(entry);
                replaced = true;
            } else {
                out.push_back(item);
            }
        }
    if (!replaced)
        out.push_back(entry);
    root[list] = out;
}

void removeEntry(YAML::Node root, const char *list)
{
    YAML::Node items = root[list];
    if (!items || !items.IsSequence())
        return;
    YAML::Node out(YAML::NodeType::Sequence);
    for (const auto &item : items)
        if (!(item["name"] && item["name"].as<std::string>("") == kContextName))
            out.push_back(item);
    root[list] = out;
}

std::optional<std::string> save(const fs::path &file, const YAML::Node &root)
{
    YAML::Emitter emitter;
    emitter << root;
    std::ofstream out(file, std::ios::trunc);
    out << emitter.c_str() << "\n";
    if (!out)
        return "cannot write " + file.string();
    return std::nullopt;
}

} // namespace

std::optional<std::string> KubeconfigMerge::merge(const fs::path &file, const std::string &server,
                                                  const std::string &token)
{
    YAML::Node root;
    try {
        if (fs::exists(file))
            root = YAML::LoadFile(file.string());
    } catch (const YAML::Exception &e) {
        return "cannot read " + file.string() + ": " + e.what();
    }
    if (!root || root.IsNull()) {
        root = YAML::Node(YAML::NodeType::Map);
        root["apiVersion"] = "v1";
        root["kind"] = "Config";
    }
    YAML::Node cluster;
    cluster["name"] = kContextName;
    cluster["cluster"]["server"] = server;
    YAML::Node user;
    user["name"] = kContextName;
    user["user"]["token"] = token;
    YAML::Node context;
    context["name"] = kContextName;
    context["context"]["cluster"] = kContextName;
    context["context"]["user"] = kContextName;
    upsert(root, "clusters", cluster);
    upsert(root, "users", user);
    upsert(root, "contexts", context);
    m_previousContext = root["current-context"] ? root["current-context"].as<std::string>("") : "";
    root["current-context"] = kContextName;
    std::error_code ec;
    fs::create_directories(file.parent_path(), ec);
    if (auto error = save(file, root))
        return error;
    m_file = file;
    m_merged = true;
    return std::nullopt;
}

void KubeconfigMerge::undo()
{
    if (!m_merged)
        return;
    m_merged = false;
    try {
        YAML::Node root = YAML::LoadFile(m_file.string());
        removeEntry(root, "clusters");
        removeEntry(root, "users");
        removeEntry(root, "contexts");
        if (root["current-context"] && root["current-context"].as<std::string>("") == kContextName)
            root["current-context"] = m_previousContext;
        save(m_file, root);
    } catch (const YAML::Exception &) {
        // The user changed the file meanwhile in a way we cannot read: leave it alone.
    }
}

} // namespace clusterlab::api
