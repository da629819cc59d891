#include "pinned_report.h"

#include <algorithm>
#include <cstdio>

namespace bench {

namespace {

std::string ratioText(const Cell &cell, const Cell *reference)
{
    if (!reference || reference == &cell)
        return reference == &cell ? "1.00" : "-";
    const auto value = median(cell.values), base = median(reference->values);
    if (!value || !base || *base == 0)
        return "-";
    char text[32];
    std::snprintf(text, sizeof text, "%.2f", *value / *base);
    return text;
}

std::string valueText(const Cell &cell)
{
    const auto value = median(cell.values);
    if (!value)
        return "n/a";
    char text[48];
    std::snprintf(text, sizeof text, "%.*f %s", *value >= 100 || *value <= -100 ? 0 : 1, *value,
                  cell.unit.c_str());
    return text;
}

} // namespace

std::optional<double> median(std::vector<double> values)
{
    if (values.empty())
        return std::nullopt;
    std::sort(values.begin(), values.end());
    const std::size_t mid = values.size() / 2;
    return values.size() % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

Cell &Results::cell(const std::string &load, const std::string &path)
{
    for (auto &c : m_cells)
        if (c.load == load && c.path == path)
            return c;
    m_cells.push_back({ load, path, {}, Role::Other, {}, 0, {} });
    return m_cells.back();
}

const Cell *Results::find(const std::string &load, const std::string &path) const
{
    for (const auto &c : m_cells)
        if (c.load == load && c.path == path)
            return &c;
    return nullptr;
}

const Cell *Results::findRole(const std::string &load, Role role) const
{
    for (const auto &c : m_cells)
        if (c.load == load && c.role == role)
            return &c;
    return nullptr;
}

void Results::declare(const std::string &load, const std::string &path, Role role,
                      const std::string &unit)
{
    Cell &c = cell(load, path);
    c.role = role;
    c.unit = unit;
}

void Results::add(const std::string &load, const std::string &path, Role role,
                  const std::string &unit, double value, std::uint64_t errors)
{
    Cell &c = cell(load, path);
    c.role = role;
    c.unit = unit;
    c.values.push_back(value);
    c.errors += errors;
}

void Results::note(const std::string &load, const std::string &path, const std::string &text)
{
    auto &notes = cell(load, path).notes;
    if (std::find(notes.begin(), notes.end(), text) == notes.end())
        notes.push_back(text);
}

std::optional<double> Results::medianOf(const std::string &load, const std::string &path) const
{
    const Cell *c = find(load, path);
    return c ? median(c->values) : std::nullopt;
}

void Results::print() const
{
    std::printf("%-28s %-30s %16s %9s %10s\n", "load", "path", "result", "vs direct", "vs HAProxy");
    std::string lastLoad;
    for (const auto &c : m_cells) {
        std::printf("%-28s %-30s %16s %9s %10s\n", c.load == lastLoad ? "" : c.load.c_str(),
                    c.path.c_str(), valueText(c).c_str(),
                    c.role == Role::Derived ? "-"
                                            : ratioText(c, findRole(c.load, Role::Direct)).c_str(),
                    ratioText(c, findRole(c.load, Role::Haproxy)).c_str());
        lastLoad = c.load;
    }
    std::printf("(median of each cell's runs; ratios are this path / that path, so for us and "
                "bytes/conn lower is better)\n");
    for (const auto &c : m_cells) {
        if (c.errors)
            std::printf("  %s, %s: %llu errors over all runs\n", c.load.c_str(), c.path.c_str(),
                        static_cast<unsigned long long>(c.errors));
        for (const auto &n : c.notes)
            std::printf("  %s, %s: %s\n", c.load.c_str(), c.path.c_str(), n.c_str());
    }
}

void printGoals(const std::vector<Goal> &goals)
{
    std::printf("\nIssue 15's goals (information only; the bench never fails on speed):\n");
    for (const auto &g : goals) {
        if (!g.ratio)
            std::printf("  %-48s not measured\n", g.text.c_str());
        else
            std::printf("  %-48s ClusterIP is %.2fx -> %s\n", g.text.c_str(), *g.ratio,
                        *g.ratio >= g.threshold ? "met" : "not met");
    }
}

} // namespace bench
