#pragma once

#include "terminal/address_book.h"

#include <QString>
#include <QStringList>

namespace clusterlab::app {

/// CommandPlan is what the panel does with one command line: refuse it with one sentence,
/// run a real program (no shell) with exactly these arguments, run the built-in kubectl, or
/// one of the panel's own commands.
struct CommandPlan
{
    enum class Action { Refuse, Run, BuiltinKubectl, Help, Clear };
    Action action = Action::Refuse;
    QString program; ///< Run: "curl", "dig", "redis-cli", "kubectl"
    QStringList arguments; ///< Run: argv after the program; BuiltinKubectl: after "kubectl"
    QString message; ///< Refuse: the reason, one sentence
};

/// KubectlMode says how `kubectl` runs: the real client against ClusterLab's kubeconfig, or
/// the built-in subset (no kubeconfig, no kubectl installed, or forced).
enum class KubectlMode { Real, Builtin };

/// needsAddresses says whether deciding about argv needs an AddressBook (curl, dig,
/// redis-cli), which the panel then reads from the engine off the GUI thread.
bool needsAddresses(const QStringList &argv);

/// planCommand decides what may run. curl, dig and redis-cli may contact only addresses in
/// book (Service names are rewritten to their ClusterIP, since the system resolver does not
/// know them, and ports to where they really listen); kubectl may not be pointed at another
/// cluster. Pure function.
CommandPlan planCommand(const QStringList &argv, KubectlMode kubectl, const AddressBook &book);

/// planCurl, planDig and planRedisCli are planCommand for one tool; argv includes the
/// program's name.
CommandPlan planCurl(const QStringList &argv, const AddressBook &book);
CommandPlan planDig(const QStringList &argv, const AddressBook &book);
CommandPlan planRedisCli(const QStringList &argv, const AddressBook &book);

/// installHint is what to say when program is not on PATH ("curl is not installed; on
/// Debian: sudo apt install curl").
QString installHint(const QString &program);

/// terminalHelpText lists what the panel runs.
QString terminalHelpText();

} // namespace clusterlab::app
