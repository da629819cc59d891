#include "about_dialog.h"

#include "version.h"

#include <QMessageBox>
#include <QtGlobal>

namespace clusterlab::app {

QString aboutText()
{
    // The licence line changes together with LICENSE, packaging/debian/copyright, the
    // metainfo's project_license and the man page.
    return QStringLiteral("<h3>ClusterLab %1</h3>"
                          "<p>A desktop lab for Kubernetes Service networking: a simulated "
                          "cluster on this computer's loopback network, with the live traffic "
                          "that flows through its Services.</p>"
                          "<p>Copyright © 2026 The ClusterLab developers. Licensed under the "
                          "Apache License, Version 2.0 (SPDX-License-Identifier: "
                          "Apache-2.0).</p>"
                          "<p>Built with Qt %2, running on Qt %3.</p>")
            .arg(QStringLiteral(CLUSTERLAB_VERSION), QStringLiteral(QT_VERSION_STR),
                 QString::fromLatin1(qVersion()));
}

void showAboutDialog(QWidget *parent)
{
    QMessageBox::about(parent, QStringLiteral("About ClusterLab"), aboutText());
}

} // namespace clusterlab::app
