#include "state/object_yaml.h"

#include "api/encode.h"

#include <QRegularExpression>
#include <QStringList>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace clusterlab::app {

namespace json = boost::json;

namespace {

QString scalar(const json::value &v)
{
    if (v.is_string()) {
        const QString s = QString::fromStdString(std::string(v.as_string()));
        static const QRegularExpression plain(
                QStringLiteral("^[A-Za-z0-9_./@-][A-Za-z0-9 _./@:=()-]*$"));
        static const QRegularExpression special(
                QStringLiteral("^(true|false|yes|no|null|~|[-+]?[0-9.]+([eE][-+]?[0-9]+)?)$"),
                QRegularExpression::CaseInsensitiveOption);
        if (!s.isEmpty() && plain.match(s).hasMatch() && !special.match(s).hasMatch()
            && !s.endsWith(QLatin1Char(' ')) && !s.contains(QLatin1String(": ")))
            return s;
        return QString::fromStdString(json::serialize(v));
    }
    return QString::fromStdString(json::serialize(v));
}

bool isEmptyContainer(const json::value &v)
{
    return (v.is_object() && v.as_object().empty()) || (v.is_array() && v.as_array().empty());
}

void emitValue(const json::value &v, int indent, QStringList &lines, const QString &prefix);

void emitObject(const json::object &o, int indent, QStringList &lines, QString first)
{
    const QString pad(indent, QLatin1Char(' '));
    for (const auto &[key, value] : o) {
        const QString head = (first.isNull() ? pad : first)
                + QString::fromStdString(std::string(key)) + QLatin1Char(':');
        first = QString();
        if (isEmptyContainer(value)) {
            lines << head + (value.is_object() ? QStringLiteral(" {}") : QStringLiteral(" []"));
        } else if (value.is_object()) {
            lines << head;
            emitObject(value.as_object(), indent + 2, lines, QString());
        } else if (value.is_array()) {
            lines << head;
            emitValue(value, indent, lines, QString());
        } else {
            lines << head + QLatin1Char(' ') + scalar(value);
        }
    }
}

void emitValue(const json::value &v, int indent, QStringList &lines, const QString &prefix)
{
    const QString pad(indent, QLatin1Char(' '));
    if (v.is_array()) {
        for (const auto &item : v.as_array()) {
            if (item.is_object() && !item.as_object().empty()) {
                emitObject(item.as_object(), indent + 2, lines, pad + QStringLiteral("- "));
            } else if (item.is_array() && !item.as_array().empty()) {
                lines << pad + QStringLiteral("-");
                emitValue(item, indent + 2, lines, QString());
            } else if (isEmptyContainer(item)) {
                lines << pad + (item.is_object() ? QStringLiteral("- {}") : QStringLiteral("- []"));
            } else {
                lines << pad + QStringLiteral("- ") + scalar(item);
            }
        }
    } else if (v.is_object()) {
        emitObject(v.as_object(), indent, lines, prefix.isEmpty() ? QString() : prefix);
    } else {
        lines << pad + scalar(v);
    }
}

} // namespace

QString jsonToYaml(const json::value &value)
{
    QStringList lines;
    emitValue(value, 0, lines, QString());
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

QString objectYaml(const model::Object &object)
{
    return jsonToYaml(api::encodeObject(object));
}

} // namespace clusterlab::app
