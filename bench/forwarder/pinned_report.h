#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bench {

/// Role says which cell of a load the others are compared with; a Derived cell (a difference
/// of two others) is compared with HAProxy only.
enum class Role { Other, Direct, Haproxy, Derived };

/// Cell is one (load, path) of the table: a value per run, shown as their median.
struct Cell
{
    std::string load, path, unit;
    Role role = Role::Other;
    std::vector<double> values;
    std::uint64_t errors = 0;
    std::vector<std::string> notes;
};

/// median of values; nullopt when empty.
std::optional<double> median(std::vector<double> values);

/// Results collects the cells in first-seen order and prints the one table.
class Results
{
public:
    /// declare creates a cell without a value, so the table keeps this order.
    void declare(const std::string &load, const std::string &path, Role role,
                 const std::string &unit);
    /// add records one run's value; the cell is created on first use.
    void add(const std::string &load, const std::string &path, Role role, const std::string &unit,
             double value, std::uint64_t errors = 0);
    /// note attaches a remark (a timeout, a fallback) printed under the table, once.
    void note(const std::string &load, const std::string &path, const std::string &text);
    /// medianOf is the median of a cell; nullopt when it has no value.
    std::optional<double> medianOf(const std::string &load, const std::string &path) const;
    /// print writes the table: load | path | result (unit) | vs direct | vs HAProxy, then
    /// the errors and notes.
    void print() const;

private:
    Cell &cell(const std::string &load, const std::string &path);
    const Cell *find(const std::string &load, const std::string &path) const;
    const Cell *findRole(const std::string &load, Role role) const;

    std::vector<Cell> m_cells;
};

/// Goal is one line of issue 15's goals, checked on the medians (information only).
struct Goal
{
    std::string text; ///< "conn/request >= 1.2x HAProxy"
    std::optional<double> ratio; ///< ClusterIP / reference; nullopt when a side is missing
    double threshold = 1; ///< met when ratio >= threshold
};

/// printGoals writes each goal with its ratio and "met" / "not met" / "not measured".
void printGoals(const std::vector<Goal> &goals);

} // namespace bench
