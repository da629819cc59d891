#pragma once

#include <string>
#include <string_view>
#include <vector>

// The format checks of k8s.io/apimachinery/pkg/util/validation and api/validate/content, with
// their exact messages. Each returns the list of problems; an empty list means valid.
namespace clusterlab::manifest {

/// isDNS1123Label checks an RFC 1123 label (container names, Service port names, namespaces).
std::vector<std::string> isDNS1123Label(std::string_view value);
/// isDNS1123Subdomain checks an RFC 1123 subdomain (Pod, Deployment, ConfigMap names).
std::vector<std::string> isDNS1123Subdomain(std::string_view value);
/// isDNS1035Label checks an RFC 1035 label (Service names: must start with a letter).
std::vector<std::string> isDNS1035Label(std::string_view value);
/// isValidPortName checks an IANA_SVC_NAME (container port names, named targetPorts).
std::vector<std::string> isValidPortName(std::string_view value);
/// isValidPortNum checks 1..65535.
std::vector<std::string> isValidPortNum(long long port);
/// isQualifiedName checks a label key or other qualified name ("example.com/my-name").
std::vector<std::string> isQualifiedName(std::string_view value);
/// isValidLabelValue checks a label value (may be empty).
std::vector<std::string> isValidLabelValue(std::string_view value);
/// isEnvVarName checks an environment variable name (strict rules, feature gate off).
std::vector<std::string> isEnvVarName(std::string_view value);
/// isValidPercent checks "25%".
std::vector<std::string> isValidPercent(std::string_view value);
/// isValidIP says whether value parses as netutils.ParseIPSloppy does (leading zeros allowed).
bool isValidIP(std::string_view value);
/// isValidCIDR says whether value parses as netutils.ParseCIDRSloppy does.
bool isValidCIDR(std::string_view value);
/// nonSpecialIPProblems words ValidateNonSpecialIP for an address that is a valid IP.
std::vector<std::string> nonSpecialIPProblems(std::string_view value);

/// NameRule is how a kind's metadata.name is checked (apimachinery ValidateNameFunc).
enum class NameRule { DNSSubdomain, DNSLabel, DNS1035Label };

/// validateName applies a name rule; prefix is true for generateName (a trailing '-' is fine).
std::vector<std::string> validateName(NameRule rule, std::string_view name, bool prefix);

/// regexError words a failed regular expression as validation.RegexError does, examples joined
/// by " or " after "', ", which gives the famous double space.
std::string regexError(std::string_view message, std::string_view format,
                       std::initializer_list<std::string_view> examples);

} // namespace clusterlab::manifest
