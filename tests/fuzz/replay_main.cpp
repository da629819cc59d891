// Replays files through a fuzz target's LLVMFuzzerTestOneInput without libFuzzer, so the
// ordinary test suite (any compiler, no -fsanitize=fuzzer) runs every seed and every
// regression case. Usage: replay_<name> DIR... [--optional DIR]...
// Each DIR's regular files are run in name order (README.md and dotfiles are skipped). A DIR
// that is missing fails the run, naming it; one after --optional may be missing or empty.
// A crash fails the run by crashing; so does an input that escapes as an exception.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size);

namespace {

namespace fs = std::filesystem;

/// filesOf lists the inputs in dir, sorted so every run goes in the same order.
std::vector<fs::path> filesOf(const fs::path &dir, std::error_code &ec)
{
    std::vector<fs::path> files;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (it->is_regular_file() && name != "README.md" && !name.starts_with("."))
            files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

} // namespace

int main(int argc, char **argv)
{
    int passed = 0;
    int failed = 0;
    bool optional = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--optional") {
            optional = true;
            continue;
        }
        const fs::path dir(arg);
        std::error_code ec;
        if (!fs::is_directory(dir, ec)) {
            if (!optional) {
                std::cout << "FAIL " << dir.string() << ": no such folder\n";
                ++failed;
            }
            optional = false;
            continue;
        }
        const auto files = filesOf(dir, ec);
        if (ec) {
            std::cout << "FAIL " << dir.string() << ": " << ec.message() << "\n";
            ++failed;
        } else if (files.empty() && !optional) {
            std::cout << "FAIL " << dir.string() << ": no inputs in the folder\n";
            ++failed;
        }
        optional = false;
        for (const auto &file : files) {
            std::ifstream in(file, std::ios::binary);
            const std::string bytes((std::istreambuf_iterator<char>(in)),
                                    std::istreambuf_iterator<char>());
            if (!in.good() && !in.eof()) {
                std::cout << "FAIL " << file.string() << ": cannot read\n";
                ++failed;
                continue;
            }
            std::cout << "run  " << file.string() << " (" << bytes.size() << " bytes)"
                      << std::flush;
            LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t *>(bytes.data()),
                                   bytes.size());
            std::cout << " ok\n";
            ++passed;
        }
    }
    std::cout << passed << " passed, " << failed << " failed\n";
    return failed == 0 ? 0 : 1;
}
