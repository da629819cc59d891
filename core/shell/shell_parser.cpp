#include "shell/shell_parser.h"

#include <cctype>

namespace clusterlab::shell {

namespace {

struct Token
{
    enum class Kind { Word, Op, Redirect };
    Kind kind = Kind::Word;
    Word word; ///< Word
    std::string op; ///< Op: ";", "&", "\n", "&&", "||", "|"
    Redirect redirect; ///< Redirect, target filled in by the parser
};

bool isNameChar(char c, bool first)
{
    return c == '_' || std::isalpha(static_cast<unsigned char>(c))
            || (!first && std::isdigit(static_cast<unsigned char>(c)));
}

class Lexer
{
public:
    explicit Lexer(const std::string &text) : m_text(text) { }

    /// run splits the text into tokens; false with m_error set on a syntax error.
    bool run()
    {
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos];
            if (c == ' ' || c == '\t' || c == '\r') {
                endWord();
                ++m_pos;
            } else if (c == '#' && !m_inWord) {
                while (m_pos < m_text.size() && m_text[m_pos] != '\n')
                    ++m_pos;
            } else if (c == '\'') {
                const auto close = m_text.find('\'', m_pos + 1);
                if (close == std::string::npos)
                    return fail("syntax error: unterminated quoted string", true);
                literal(m_text.substr(m_pos + 1, close - m_pos - 1), true);
                m_pos = close + 1;
            } else if (c == '"') {
                if (!doubleQuoted())
                    return false;
            } else if (c == '\\') {
                if (m_pos + 1 >= m_text.size())
                    return fail("", true);
                if (m_text[m_pos + 1] != '\n')
                    literal(std::string(1, m_text[m_pos + 1]), true);
                m_pos += 2;
            } else if (c == '$') {
                parameter(false);
            } else if (c == ';' || c == '&' || c == '|' || c == '\n') {
                endWord();
                std::string op(1, c);
                if ((c == '&' || c == '|') && m_pos + 1 < m_text.size() && m_text[m_pos + 1] == c)
                    op += c;
                m_pos += op.size();
                Token token;
                token.kind = Token::Kind::Op;
                token.op = op;
                tokens.push_back(std::move(token));
            } else if (c == '>' || c == '<') {
                redirect();
            } else {
                literal(std::string(1, c), false);
                ++m_pos;
            }
        }
        endWord();
        return true;
    }

    std::vector<Token> tokens;
    std::string error;
    bool incomplete = false;

private:
    bool fail(std::string message, bool more)
    {
        error = message.empty() ? "syntax error: unexpected end of file" : std::move(message);
        incomplete = more;
        return false;
    }

    void literal(const std::string &text, bool quoted)
    {
        m_inWord = true;
        if (!m_word.empty() && m_word.back().kind == WordPart::Kind::Literal
            && m_word.back().quoted == quoted)
            m_word.back().text += text;
        else
            m_word.push_back({ WordPart::Kind::Literal, text, quoted });
    }

    void endWord()
    {
        if (!m_inWord)
            return;
        Token token;
        token.word = std::move(m_word);
        tokens.push_back(std::move(token));
        m_word.clear();
        m_inWord = false;
    }

    /// parameter reads $NAME, ${NAME}, $?, $$, $#, $0-$9 at m_pos; a lone $ is literal.
    void parameter(bool quoted)
    {
        const std::size_t start = m_pos + 1;
        if (start < m_text.size() && m_text[start] == '{') {
            const auto close = m_text.find('}', start);
            if (close != std::string::npos) {
                m_inWord = true;
                m_word.push_back({ WordPart::Kind::Parameter,
                                   m_text.substr(start + 1, close - start - 1), quoted });
                m_pos = close + 1;
                return;
            }
        }
        if (start < m_text.size()
            && (m_text[start] == '?' || m_text[start] == '$' || m_text[start] == '#'
                || std::isdigit(static_cast<unsigned char>(m_text[start])))) {
            m_inWord = true;
            m_word.push_back({ WordPart::Kind::Parameter, std::string(1, m_text[start]), quoted });
            m_pos = start + 1;
            return;
        }
        std::size_t end = start;
        while (end < m_text.size() && isNameChar(m_text[end], end == start))
            ++end;
        if (end == start) {
            literal("$", quoted);
            ++m_pos;
            return;
        }
        m_inWord = true;
        m_word.push_back({ WordPart::Kind::Parameter, m_text.substr(start, end - start), quoted });
        m_pos = end;
    }

    bool doubleQuoted()
    {
        m_inWord = true;
        ++m_pos;
        while (m_pos < m_text.size() && m_text[m_pos] != '"') {
            const char c = m_text[m_pos];
            if (c == '\\' && m_pos + 1 < m_text.size()
                && std::string_view("$`\"\\\n").find(m_text[m_pos + 1]) != std::string_view::npos) {
                if (m_text[m_pos + 1] != '\n')
                    literal(std::string(1, m_text[m_pos + 1]), true);
                m_pos += 2;
            } else if (c == '$') {
                parameter(true);
            } else {
                literal(std::string(1, c), true);
                ++m_pos;
            }
        }
        if (m_pos >= m_text.size())
            return fail("syntax error: unterminated quoted string", true);
        if (m_word.empty())
            m_word.push_back({ WordPart::Kind::Literal, "", true });
        ++m_pos;
        return true;
    }

    void redirect()
    {
        Token token;
        token.kind = Token::Kind::Redirect;
        // A word that is one unquoted digit right before > or < is the fd: 2>&1.
        if (m_inWord && m_word.size() == 1 && !m_word[0].quoted && m_word[0].text.size() == 1
            && std::isdigit(static_cast<unsigned char>(m_word[0].text[0]))) {
            token.redirect.fd = m_word[0].text[0] - '0';
            m_word.clear();
            m_inWord = false;
        } else {
            endWord();
            token.redirect.fd = m_text[m_pos] == '<' ? 0 : 1;
        }
        const char c = m_text[m_pos++];
        if (c == '<') {
            token.redirect.kind = Redirect::Kind::Read;
        } else if (m_pos < m_text.size() && m_text[m_pos] == '>') {
            token.redirect.kind = Redirect::Kind::Append;
            ++m_pos;
        } else if (m_pos < m_text.size() && m_text[m_pos] == '&') {
            token.redirect.kind = Redirect::Kind::Duplicate;
            ++m_pos;
        }
        tokens.push_back(std::move(token));
    }

    const std::string &m_text;
    std::size_t m_pos = 0;
    Word m_word;
    bool m_inWord = false;
};

class Parser
{
public:
    explicit Parser(std::vector<Token> &tokens) : m_tokens(tokens) { }

    bool script(Script &out)
    {
        while (m_pos < m_tokens.size()) {
            if (isOp(";") || isOp("&") || isOp("\n")) {
                if (!isOp("\n") && (out.empty() || m_lastWasSeparator))
                    return unexpected();
                m_lastWasSeparator = !isOp("\n");
                ++m_pos;
                continue;
            }
            m_lastWasSeparator = false;
            AndOr item;
            if (!andOr(item))
                return false;
            out.push_back(std::move(item));
        }
        return true;
    }

    std::string error;
    bool incomplete = false;

private:
    bool isOp(const char *op) const
    {
        return m_pos < m_tokens.size() && m_tokens[m_pos].kind == Token::Kind::Op
                && m_tokens[m_pos].op == op;
    }

    bool unexpected()
    {
        if (m_pos >= m_tokens.size()) {
            error = "syntax error: unexpected end of file";
            incomplete = true;
            return false;
        }
        const auto &token = m_tokens[m_pos];
        std::string what = token.kind == Token::Kind::Op ? token.op : "redirection";
        if (what == "\n")
            what = "newline";
        error = "syntax error: unexpected \"" + what + "\"";
        return false;
    }

    bool andOr(AndOr &out)
    {
        for (;;) {
            Pipeline pipeline;
            if (!this->pipeline(pipeline))
                return false;
            out.pipelines.push_back(std::move(pipeline));
            if (!isOp("&&") && !isOp("||"))
                return true;
            out.ands.push_back(isOp("&&"));
            ++m_pos;
            while (isOp("\n"))
                ++m_pos;
        }
    }

    bool pipeline(Pipeline &out)
    {
        if (m_pos < m_tokens.size() && m_tokens[m_pos].kind == Token::Kind::Word
            && literalText(m_tokens[m_pos].word) == "!" && !m_tokens[m_pos].word[0].quoted) {
            out.negated = true;
            ++m_pos;
        }
        for (;;) {
            SimpleCommand command;
            if (!simple(command))
                return false;
            out.commands.push_back(std::move(command));
            if (!isOp("|"))
                return true;
            ++m_pos;
            while (isOp("\n"))
                ++m_pos;
        }
    }

    bool simple(SimpleCommand &out)
    {
        while (m_pos < m_tokens.size()) {
            Token &token = m_tokens[m_pos];
            if (token.kind == Token::Kind::Op)
                break;
            ++m_pos;
            if (token.kind == Token::Kind::Word) {
                out.words.push_back(std::move(token.word));
                continue;
            }
            if (m_pos >= m_tokens.size() || m_tokens[m_pos].kind != Token::Kind::Word)
                return unexpected();
            token.redirect.target = std::move(m_tokens[m_pos++].word);
            out.redirects.push_back(std::move(token.redirect));
        }
        if (out.words.empty() && out.redirects.empty())
            return unexpected();
        return true;
    }

    std::vector<Token> &m_tokens;
    std::size_t m_pos = 0;
    bool m_lastWasSeparator = false;
};

} // namespace

ParseResult parse(const std::string &text)
{
    ParseResult result;
    Lexer lexer(text);
    if (!lexer.run()) {
        result.error = lexer.error;
        result.incomplete = lexer.incomplete;
        return result;
    }
    Parser parser(lexer.tokens);
    if (!parser.script(result.script)) {
        result.script.clear();
        result.error = parser.error;
        result.incomplete = parser.incomplete;
    }
    return result;
}

std::optional<std::string> literalText(const Word &word)
{
    std::string out;
    for (const auto &part : word) {
        if (part.kind != WordPart::Kind::Literal)
            return std::nullopt;
        out += part.text;
    }
    return out;
}

bool isName(const std::string &text)
{
    if (text.empty())
        return false;
    for (std::size_t i = 0; i < text.size(); ++i)
        if (!isNameChar(text[i], i == 0))
            return false;
    return true;
}

} // namespace clusterlab::shell
