// Text tools: cat, grep, head, tail, wc, as busybox has them (the common options).

#include "shell/tool_registry.h"

#include <algorithm>
#include <cctype>
#include <regex>

namespace clusterlab::shell::detail {

namespace {

using Args = std::vector<std::string>;

/// readInputs reads the files named (or stdin for none or "-"), reporting missing ones.
asio::awaitable<std::vector<std::string>> readInputs(Shell &shell, const std::string &tool,
                                                     const std::vector<std::string> &files,
                                                     Streams &io, int &status)
{
    std::vector<std::string> texts;
    if (files.empty()) {
        std::string all;
        if (io.in)
            all = co_await io.in->readAll();
        texts.push_back(std::move(all));
        co_return texts;
    }
    for (const auto &file : files) {
        if (file == "-") {
            std::string all;
            if (io.in)
                all = co_await io.in->readAll();
            texts.push_back(std::move(all));
            continue;
        }
        if (auto text = shell.readFile(file))
            texts.push_back(std::move(*text));
        else {
            io.err(tool + ": can't open '" + file + "': No such file or directory\n");
            status = 1;
        }
    }
    co_return texts;
}

std::vector<std::string> splitLines(const std::string &text)
{
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        const auto end = text.find('\n', start);
        lines.push_back(text.substr(start, end == std::string::npos ? end : end - start));
        start = end == std::string::npos ? text.size() : end + 1;
    }
    return lines;
}

asio::awaitable<int> cat(Shell &shell, Args args, Streams &io)
{
    const Options options = parseOptions(args, "", "u");
    int status = 0;
    if (options.operands.empty() && io.in) {
        // Copy as it comes, so `cat` in a terminal echoes each line.
        for (;;) {
            auto chunk = co_await io.in->read();
            if (!chunk)
                break;
            io.out(*chunk);
        }
        co_return 0;
    }
    const auto texts = co_await readInputs(shell, "cat", options.operands, io, status);
    for (const auto &text : texts)
        io.out(text);
    co_return status;
}

asio::awaitable<int> grep(Shell &shell, Args args, Streams &io)
{
    Options options = parseOptions(args, "e", "ivcqnEFwhHol");
    if (!options.error.empty() || (options.operands.empty() && !options.has('e'))) {
        io.err(options.error.empty() ? "Usage: grep [-ivcqnEF] PATTERN [FILE]...\n"
                                     : "grep: " + options.error + "\n");
        co_return 2;
    }
    std::string pattern = options.value('e');
    if (!options.has('e')) {
        pattern = options.operands.front();
        options.operands.erase(options.operands.begin());
    }
    const bool ignoreCase = options.has('i');
    std::optional<std::regex> re;
    if (!options.has('F')) {
        try {
            auto flags = options.has('E') ? std::regex::extended : std::regex::basic;
            if (ignoreCase)
                flags |= std::regex::icase;
            re.emplace(options.has('w') ? "\\b(" + pattern + ")\\b" : pattern,
                       options.has('w') ? std::regex::extended | (flags & std::regex::icase)
                                        : flags);
        } catch (const std::regex_error &) {
            re.reset();
        }
    }
    auto lowered = [](std::string s) {
        std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) {
            return char(std::tolower(c));
        });
        return s;
    };
    int status = 0;
    const auto texts = co_await readInputs(shell, "grep", options.operands, io, status);
    const bool named = options.operands.size() > 1 && !options.has('h');
    int matches = 0;
    for (std::size_t f = 0; f < texts.size(); ++f) {
        const auto lines = splitLines(texts[f]);
        for (std::size_t n = 0; n < lines.size(); ++n) {
            const auto &text = lines[n];
            bool hit = re ? std::regex_search(text, *re)
                          : (ignoreCase ? lowered(text).find(lowered(pattern)) : text.find(pattern))
                            != std::string::npos;
            if (options.has('v'))
                hit = !hit;
            if (!hit)
                continue;
            ++matches;
            if (options.has('q') || options.has('c'))
                continue;
            std::string prefix = named ? options.operands[f] + ":" : "";
            if (options.has('n'))
                prefix += std::to_string(n + 1) + ":";
            line(io.out, prefix + text);
        }
    }
    if (options.has('c'))
        line(io.out, std::to_string(matches));
    if (status != 0 && matches == 0)
        co_return 2;
    co_return matches > 0 ? 0 : 1;
}

asio::awaitable<int> headTail(Shell &shell, Args args, Streams &io, bool head)
{
    // `head -5` is `head -n 5`.
    for (auto &arg : args)
        if (arg.size() > 1 && arg[0] == '-' && std::isdigit(static_cast<unsigned char>(arg[1])))
            arg = "-n" + arg.substr(1);
    const Options options = parseOptions(args, "nc", "qv");
    int count = 10;
    try {
        count = std::stoi(options.value('n', "10"));
    } catch (const std::exception &) {
        io.err(std::string(head ? "head" : "tail") + ": invalid number '" + options.value('n')
               + "'\n");
        co_return 1;
    }
    int status = 0;
    const auto texts =
            co_await readInputs(shell, head ? "head" : "tail", options.operands, io, status);
    for (const auto &text : texts) {
        const auto lines = splitLines(text);
        const std::size_t n = std::min<std::size_t>(std::size_t(std::max(count, 0)), lines.size());
        const std::size_t from = head ? 0 : lines.size() - n;
        for (std::size_t i = from; i < from + n; ++i)
            line(io.out, lines[i]);
    }
    co_return status;
}

asio::awaitable<int> wc(Shell &shell, Args args, Streams &io)
{
    const Options options = parseOptions(args, "", "lwc");
    int status = 0;
    const auto texts = co_await readInputs(shell, "wc", options.operands, io, status);
    for (const auto &text : texts) {
        const auto lines = std::count(text.begin(), text.end(), '\n');
        std::size_t words = 0;
        bool inWord = false;
        for (unsigned char c : text) {
            const bool space = std::isspace(c);
            words += (!space && !inWord) ? 1 : 0;
            inWord = !space;
        }
        std::string out;
        const bool all = !options.has('l') && !options.has('w') && !options.has('c');
        if (all || options.has('l'))
            out += (out.empty() ? "" : " ") + std::to_string(lines);
        if (all || options.has('w'))
            out += (out.empty() ? "" : " ") + std::to_string(words);
        if (all || options.has('c'))
            out += (out.empty() ? "" : " ") + std::to_string(text.size());
        line(io.out, out);
    }
    co_return status;
}

} // namespace

void addTextTools(Tools &t)
{
    t["cat"] = cat;
    t["grep"] = grep;
    t["head"] = [](Shell &shell, Args args, Streams &io) {
        return headTail(shell, std::move(args), io, true);
    };
    t["tail"] = [](Shell &shell, Args args, Streams &io) {
        return headTail(shell, std::move(args), io, false);
    };
    t["wc"] = wc;
}

} // namespace clusterlab::shell::detail
