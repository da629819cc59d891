#include "cli/options.h"
#include "headless/headless_runner.h"
#include "version.h"

#include <QCoreApplication>
#include <QFile>

#include <iostream>

namespace {

std::string builtInDemo()
{
    QFile file(QStringLiteral(":/demo/three-tier.yaml"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll().toStdString();
}

bool hasDisplay()
{
    return !qEnvironmentVariableIsEmpty("DISPLAY")
            || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
            || qEnvironmentVariable("QT_QPA_PLATFORM") == QLatin1String("offscreen");
}

} // namespace

int main(int argc, char **argv)
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    clusterlab::app::Options options = clusterlab::app::parseOptions(arguments);
    if (!options.error.isEmpty()) {
        std::cerr << "clusterlab: " << options.error.toStdString() << "\n";
        return 2;
    }
    if (options.showHelp) {
        std::cout << clusterlab::app::helpText().toStdString();
        return 0;
    }
    if (options.showVersion) {
        std::cout << "clusterlab " CLUSTERLAB_VERSION "\n";
        return 0;
    }
    if (!options.headless) {
        // The desktop window arrives with the canvas; until then every run is headless.
        std::cerr << (hasDisplay() ? "The ClusterLab window is not built yet; "
                                   : "No display found; ")
                  << "running headless (clusterlab --headless).\n";
        options.headless = true;
    }
    QCoreApplication app(argc, argv);
    return clusterlab::app::runHeadless(options, builtInDemo(), std::cout, std::cerr);
}
