#pragma once

#include <boost/json/value.hpp>

#include <string>
#include <vector>

namespace clusterlab::app {

/// DescribeText collects the "Key:  value" lines of a `kubectl describe` and lines them up as
/// kubectl's tabwriter does: the values of consecutive lines at one indent share a column.
class DescribeText
{
public:
    /// add writes "key: value" at indent (two spaces a level); key empty continues the value
    /// above (another label, another endpoint).
    void add(const std::string &key, const std::string &value, int indent = 0);
    /// section writes a heading line ("Containers:") that breaks the alignment.
    void section(const std::string &heading, int indent = 0);
    /// raw writes a line as it is.
    void raw(const std::string &line);
    /// table writes rows (the first one the header) in columns padded by 2, at indent.
    void table(const std::vector<std::vector<std::string>> &rows, int indent = 1);
    /// addMap writes a map as kubectl does: "k=v" lines for labels, "k: v" for annotations,
    /// "<none>" when empty.
    void addMap(const std::string &key, const boost::json::value *map, const char *separator);

    std::string text() const;

private:
    struct Line
    {
        int indent = 0;
        std::string key;
        std::string value;
        bool aligned = true;
    };
    std::vector<Line> m_lines;
};

/// jsonAt follows a dotted path ("status.podIP") through objects; nullptr when absent.
const boost::json::value *jsonAt(const boost::json::value &root, const std::string &path);
/// textAt is the string (or number) at path, or fallback.
std::string textAt(const boost::json::value &root, const std::string &path,
                   const std::string &fallback = {});

} // namespace clusterlab::app
