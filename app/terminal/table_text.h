#pragma once

#include <boost/json/object.hpp>

#include <string>

namespace clusterlab::app {

/// TableStyle is how kubectl prints one meta.k8s.io Table.
struct TableStyle
{
    bool wide = false; ///< -o wide: also the priority-1 columns
    bool headers = true;
    std::string namePrefix; ///< "service/" in `kubectl get all`
    bool namespaceColumn = false; ///< -A: NAMESPACE first, from each row's object metadata
};

/// formatTableText prints a Table as kubectl's tabwriter does (cells padded by 3 spaces,
/// minimum width 6, the last column unpadded, headers upper-cased). Pure function.
std::string formatTableText(const boost::json::object &table, const TableStyle &style);

/// tableRowCount is how many rows a Table holds.
std::size_t tableRowCount(const boost::json::object &table);

} // namespace clusterlab::app
