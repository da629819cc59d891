#pragma once

#include <fstream>
#include <sstream>
#include <string>

/// demoText reads the built-in demo (resources/demo/three-tier.yaml) from the source tree.
inline std::string demoText()
{
    std::ifstream file(CLUSTERLAB_SOURCE_DIR "/resources/demo/three-tier.yaml");
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
}
