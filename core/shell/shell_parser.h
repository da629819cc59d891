#pragma once

#include <optional>
#include <string>
#include <vector>

/// The grammar of ClusterLab's container shell: a small subset of POSIX sh, as busybox sh
/// reads it. Words with '...', "...", backslashes and $VAR, ${VAR}, $?, $$, $#, $0-$9;
/// pipelines (`a | b`, `! a`); `&&`, `||`; lists separated by `;`, `&` or newlines;
/// redirections `>`, `>>`, `<`, `2>`, `2>&1`, `>&2`; comments. No loops, no functions, no
/// command substitution.
namespace clusterlab::shell {

/// WordPart is a piece of a word: literal text, or a parameter to expand when it runs.
struct WordPart
{
    enum class Kind { Literal, Parameter };
    Kind kind = Kind::Literal;
    std::string text; ///< the text, or the parameter's name ("HOME", "?", "1")
    bool quoted = false;
};

/// Word is one shell word before expansion.
using Word = std::vector<WordPart>;

/// Redirect is `[fd]>target`, `[fd]>>target`, `[fd]<target` or `[fd]>&n`.
struct Redirect
{
    enum class Kind { Write, Append, Read, Duplicate };
    Kind kind = Kind::Write;
    int fd = 1;
    Word target; ///< the file, or for Duplicate the fd as text
};

/// SimpleCommand is assignments, words and redirections: `A=1 curl -s url >/dev/null`.
struct SimpleCommand
{
    std::vector<Word> words; ///< including leading NAME=value assignments
    std::vector<Redirect> redirects;
};

/// Pipeline is commands joined by `|`; negated by a leading `!`.
struct Pipeline
{
    std::vector<SimpleCommand> commands;
    bool negated = false;
};

/// AndOr is pipelines joined by `&&` (true) or `||` (false): ops[i] joins i and i+1.
struct AndOr
{
    std::vector<Pipeline> pipelines;
    std::vector<bool> ands;
};

/// Script is a list of AndOr run in turn.
using Script = std::vector<AndOr>;

/// ParseResult is a script, or busybox's message for a syntax error ("syntax error:
/// unterminated quoted string"); incomplete is set when more input could complete it (an
/// open quote, a trailing `&&` or `|`), for an interactive shell to read another line.
struct ParseResult
{
    Script script;
    std::string error;
    bool incomplete = false;
};

/// parse reads a whole script. Never throws.
ParseResult parse(const std::string &text);

/// literalText is a word's text when it has no parameter in it.
std::optional<std::string> literalText(const Word &word);

/// isName says whether text is a valid variable name ([A-Za-z_][A-Za-z0-9_]*).
bool isName(const std::string &text);

} // namespace clusterlab::shell
