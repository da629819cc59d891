#pragma once

#include "model/object.h"

#include <string>
#include <vector>

namespace clusterlab::model {

/// Table mirrors meta.k8s.io/v1 Table: named columns (priority 1 = only with -o wide) and rows.
struct Table
{
    struct Column
    {
        std::string name;
        int priority = 0;
    };
    std::vector<Column> columns;
    std::vector<std::vector<std::string>> rows;
};

/// kServerVersion is the Kubernetes version ClusterLab's API server and Nodes report.
inline constexpr const char *kServerVersion = "v1.31.9";

/// humanDuration formats an age as kubectl does (duration.HumanDuration): 5s, 3m12s, 2d4h.
std::string humanDuration(std::chrono::seconds age);

/// tableFor builds the Table the API server prints for objects of one kind (columns as in
/// kubernetes pkg/printers/internalversion), one row per object of that kind, in order.
/// Objects of other kinds are skipped; a kind without a printer gets no columns.
Table tableFor(const std::string &kind, const std::vector<ObjectPtr> &objects, Time now);

/// formatTable renders a Table as kubectl's tabwriter does (min width 10, padding 3).
/// wide adds priority-1 columns; namePrefix ("service/") is put before each NAME.
std::string formatTable(const Table &table, bool wide, const std::string &namePrefix = {});

} // namespace clusterlab::model
