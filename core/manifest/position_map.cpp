#include "manifest/yaml_reader.h"

namespace clusterlab::manifest {

const FieldPos *PositionMap::lookup(std::string path) const
{
    while (true) {
        if (auto it = m_positions.find(path); it != m_positions.end())
            return &it->second;
        if (path.empty())
            return nullptr;
        const auto cut = path.find_last_of(".[");
        path = cut == std::string::npos ? std::string() : path.substr(0, cut);
    }
}

SourcePos PositionMap::find(const std::string &path) const
{
    const FieldPos *pos = lookup(path);
    return pos ? pos->value : SourcePos{};
}

SourcePos PositionMap::findKey(const std::string &path) const
{
    if (auto it = m_positions.find(path); it != m_positions.end() && it->second.key.valid())
        return it->second.key;
    return find(path);
}

PositionMap PositionMap::rebase(const std::string &prefix) const
{
    PositionMap out;
    for (const auto &[path, pos] : m_positions) {
        if (path == prefix)
            out.set("", pos);
        else if (path.size() > prefix.size() && path.compare(0, prefix.size(), prefix) == 0
                 && path[prefix.size()] == '.')
            out.set(path.substr(prefix.size() + 1), pos);
    }
    return out;
}

} // namespace clusterlab::manifest
