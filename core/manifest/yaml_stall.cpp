#include "manifest/yaml_stall.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include <sstream>

namespace clusterlab::manifest {

namespace {

/// StallDetector walks the parser's events before yaml-cpp builds any node. yaml-cpp 0.7's
/// LoadAll never returns on a token no node can start with (a `,` outside a flow collection,
/// yaml-cpp issue 1040, fixed upstream after 0.8): it emits the same empty document at the
/// same place forever, growing memory without bound. Two documents starting at one offset
/// mean the parser made no progress.
class StallDetector : public YAML::EventHandler
{
public:
    static std::optional<YAML::Mark> find(const std::string &text)
    {
        std::istringstream stream(text);
        YAML::Parser parser(stream);
        StallDetector detector;
        int previous = -1;
        while (parser.HandleNextDocument(detector)) {
            if (detector.m_start.pos == previous)
                return detector.m_start;
            previous = detector.m_start.pos;
        }
        return std::nullopt;
    }

    void OnDocumentStart(const YAML::Mark &mark) override { m_start = mark; }
    void OnDocumentEnd() override { }
    void OnNull(const YAML::Mark &, YAML::anchor_t) override { }
    void OnAlias(const YAML::Mark &, YAML::anchor_t) override { }
    void OnScalar(const YAML::Mark &, const std::string &, YAML::anchor_t,
                  const std::string &) override
    {
    }
    void OnSequenceStart(const YAML::Mark &, const std::string &, YAML::anchor_t,
                         YAML::EmitterStyle::value) override
    {
    }
    void OnSequenceEnd() override { }
    void OnMapStart(const YAML::Mark &, const std::string &, YAML::anchor_t,
                    YAML::EmitterStyle::value) override
    {
    }
    void OnMapEnd() override { }

private:
    YAML::Mark m_start = YAML::Mark::null_mark();
};

} // namespace

std::optional<YAML::Mark> findParserStall(const std::string &text)
{
    return StallDetector::find(text);
}

} // namespace clusterlab::manifest
