#include "http/static_files.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "embedded.hpp"

namespace dockpoint::http {

namespace {

std::string Etag(std::string_view data) {
    // FNV-1a: cheap and stable; an ETag needs change detection, not secrecy.
    std::uint64_t hash = 1469598103934665603ULL;
    for (unsigned char c : data) {
        hash ^= c;
        hash *= 1099511628211ULL;
    }
    std::ostringstream out;
    out << '"' << std::hex << hash << '-' << std::dec << data.size() << '"';
    return out.str();
}

bool EndsWith(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

Response FileResponse(const std::string& relative_path, std::string body, const std::string& etag,
                      std::string_view if_none_match) {
    Response response;
    response.content_type = std::string(ContentTypeFor(relative_path));
    response.AddHeader("ETag", etag);
    response.AddHeader("Cache-Control", "no-cache");
    if (!if_none_match.empty() && if_none_match.find(etag) != std::string_view::npos) {
        response.status = 304;
        return response;
    }
    response.body = std::move(body);
    return response;
}

}  // namespace

std::optional<std::string> SafeRelativePath(std::string_view path) {
    if (path.empty() || path.front() != '/') return std::nullopt;
    path.remove_prefix(1);
    if (path.empty()) return std::nullopt;
    std::string_view rest = path;
    while (true) {
        const auto slash = rest.find('/');
        const std::string_view segment = rest.substr(0, slash);
        if (segment.empty() || segment == "." || segment == "..") return std::nullopt;
        for (char c : segment) {
            const auto u = static_cast<unsigned char>(c);
            if (u < 0x20 || u == 0x7f || c == '\\' || c == ':') return std::nullopt;
        }
        if (slash == std::string_view::npos) break;
        rest = rest.substr(slash + 1);
    }
    return std::string(path);
}

std::string_view ContentTypeFor(std::string_view file_path) {
    struct Type {
        std::string_view extension;
        std::string_view content_type;
    };
    static constexpr Type kTypes[] = {
        {".html", "text/html; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".json", "application/json"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".ico", "image/x-icon"},
        {".woff2", "font/woff2"},
        {".woff", "font/woff"},
        {".txt", "text/plain; charset=utf-8"},
    };
    for (const Type& t : kTypes) {
        if (EndsWith(file_path, t.extension)) return t.content_type;
    }
    return "application/octet-stream";
}

StaticFiles StaticFiles::Embedded() {
    StaticFiles files;
    for (const EmbeddedFile& f : embedded::web()) {
        files.embedded_.emplace(std::string(f.path), File{f.data, Etag(f.data)});
    }
    return files;
}

StaticFiles StaticFiles::FromDirectory(const std::filesystem::path& root) {
    std::error_code ec;
    const auto canonical = std::filesystem::canonical(root, ec);
    if (ec || !std::filesystem::is_directory(canonical)) {
        throw std::runtime_error("web root " + root.string() + " is not a readable directory");
    }
    StaticFiles files;
    files.root_ = canonical;
    return files;
}

std::optional<std::string> StaticFiles::ReadFromRoot(const std::string& relative_path) const {
    std::error_code ec;
    const auto resolved = std::filesystem::canonical(root_ / relative_path, ec);
    if (ec) return std::nullopt;
    // Symlinks that lead out of the root are refused like "..".
    const auto [root_end, _] =
        std::mismatch(root_.begin(), root_.end(), resolved.begin(), resolved.end());
    if (root_end != root_.end() || !std::filesystem::is_regular_file(resolved, ec)) {
        return std::nullopt;
    }
    std::ifstream in(resolved, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

std::optional<Response> StaticFiles::Serve(const std::string& relative_path,
                                           std::string_view if_none_match) const {
    if (root_.empty()) {
        const auto it = embedded_.find(relative_path);
        if (it == embedded_.end()) return std::nullopt;
        return FileResponse(relative_path, std::string(it->second.data), it->second.etag,
                            if_none_match);
    }
    auto content = ReadFromRoot(relative_path);
    if (!content) return std::nullopt;
    const std::string etag = Etag(*content);
    return FileResponse(relative_path, std::move(*content), etag, if_none_match);
}

}  // namespace dockpoint::http
