#pragma once

#include <QString>

class QWidget;

namespace clusterlab::app {

/// aboutText is the About box's rich text: name, version (the CMake project version),
/// what ClusterLab is, its licence and the Qt it runs on.
QString aboutText();

/// showAboutDialog opens Help > About ClusterLab over parent (modal).
void showAboutDialog(QWidget *parent);

} // namespace clusterlab::app
