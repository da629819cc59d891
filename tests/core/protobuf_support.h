#pragma once

// What the tst_protobuf_* tests share: requests sent as kubectl 1.33 sends them (protobuf
// bodies), the bodies kubectl really sent (tests/data/protobuf), where kubectl POSTs each
// kind, and a few protobuf writers to build bodies kubectl would never send.

#include "api/body.h"
#include "api/routes.h"
#include "api_test_support.h"

#include <QByteArray>
#include <QFile>
#include <QString>

#include <boost/beast/http/verb.hpp>

#include <string>

namespace clusterlab::test {

constexpr const char *kProtobuf = "application/vnd.kubernetes.protobuf";
constexpr const char *kKubectlAccept = "application/vnd.kubernetes.protobuf,application/json";

/// kProtobufData is the folder of kubectl's bodies, with a trailing slash.
inline const QString kProtobufData = QStringLiteral(CLUSTERLAB_SOURCE_DIR "/tests/data/protobuf/");

/// ProtobufLab sends requests as kubectl 1.33 does: protobuf bodies, protobuf-then-JSON
/// accepted.
struct ProtobufLab : RouteLab
{
    api::ApiResponse send(boost::beast::http::verb method, const std::string &target,
                          const QByteArray &body, const std::string &contentType = kProtobuf)
    {
        return request(method, target, body.toStdString(), contentType, kKubectlAccept,
                       "kubectl.1.33/v1.33.1 (linux/amd64) kubernetes/test", kToken);
    }
};

inline QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

inline const api::ApiResource &resourceOf(const std::string &kind)
{
    return *api::resourceForKind(kind);
}

/// collectionOf is where kubectl POSTs an object of kind.
inline std::string collectionOf(const std::string &kind)
{
    if (kind == "Namespace")
        return "/api/v1/namespaces?fieldManager=kubectl-create&fieldValidation=Strict";
    if (kind == "Deployment")
        return "/apis/apps/v1/namespaces/default/deployments?fieldManager=kubectl-create&"
               "fieldValidation=Strict";
    return "/api/v1/namespaces/default/" + resourceOf(kind).resource
            + "?fieldManager=kubectl-create&fieldValidation=Strict";
}

// A few protobuf writers, to build bodies kubectl would never send.
inline QByteArray varint(quint64 v)
{
    QByteArray out;
    do {
        char byte = char(v & 0x7f);
        v >>= 7;
        if (v)
            byte = char(byte | 0x80);
        out += byte;
    } while (v);
    return out;
}

inline QByteArray key(int field, int wire)
{
    return varint((quint64(field) << 3) | quint64(wire));
}

inline QByteArray bytesField(int field, const QByteArray &payload)
{
    return key(field, 2) + varint(quint64(payload.size())) + payload;
}

inline QByteArray varintField(int field, quint64 value)
{
    return key(field, 0) + varint(value);
}

inline QByteArray envelope(const QByteArray &raw, const QByteArray &kind = "Service",
                           const QByteArray &extra = {})
{
    return QByteArray("k8s\0", 4) + bytesField(1, bytesField(1, "v1") + bytesField(2, kind))
            + bytesField(2, raw) + extra;
}

/// service is a Service named name with one port message (ServicePort fields).
inline QByteArray service(const QByteArray &name, const QByteArray &port)
{
    return bytesField(1, bytesField(1, name)) + bytesField(2, bytesField(1, port));
}

inline QByteArray intOrString(int value)
{
    return bytesField(4, varintField(1, 0) + varintField(2, quint64(value)) + bytesField(3, ""));
}

} // namespace clusterlab::test
