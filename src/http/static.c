/* static.c - pre-compressed static files of the web app, with an index.html fallback. */
#include "static.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct {
	const char *ext, *type;
} types[] = {
	{".html", "text/html; charset=utf-8"},
	{".js", "text/javascript; charset=utf-8"},
	{".css", "text/css; charset=utf-8"},
	{".json", "application/json; charset=utf-8"},
	{".svg", "image/svg+xml"},
	{".png", "image/png"},
	{".ico", "image/x-icon"},
	{".woff2", "font/woff2"},
	{".woff", "font/woff"},
	{".ttf", "font/ttf"},
	{".txt", "text/plain; charset=utf-8"},
	{".map", "application/json"},
};

int static_wants(const char *path)
{
	return strncmp(path, "/api/", 5) != 0 && strcmp(path, "/api") != 0 &&
	       strncmp(path, "/open311/", 9) != 0 && strcmp(path, "/healthz") != 0;
}

static const char *extension(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash ? slash : path, '.');

	return dot;
}

static const char *type_of(const char *path)
{
	const char *ext = extension(path);

	for (size_t i = 0; ext && i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(ext, types[i].ext) == 0)
			return types[i].type;
	return "application/octet-stream";
}

/* Refuse anything that could leave root: "..", backslashes, hidden files. */
static int safe(const char *path)
{
	return path[0] == '/' && !strstr(path, "/.") && !strchr(path, '\\') && strlen(path) < 512;
}

static int open_regular(const char *name, off_t *size)
{
	struct stat st;
	int fd = open(name, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return -1;
	}
	*size = st.st_size;
	return fd;
}

int static_serve(const char *root, const struct request *req, struct response *res)
{
	const char *path = req->path, *accept = request_header(req, "Accept-Encoding");
	char name[1024];
	off_t size;
	int fd = -1;

	if (strcmp(req->method, "GET") != 0) {
		res->allow = "GET, HEAD";
		return res->status = 405;
	}
	if (!root || !safe(path))
		return res->status = 404;
	if (strcmp(path, "/") == 0)
		path = "/index.html";
	if (accept && strstr(accept, "gzip")) {
		snprintf(name, sizeof(name), "%s%s.gz", root, path);
		if ((fd = open_regular(name, &size)) >= 0)
			res->content_encoding = "gzip";
	}
	if (fd < 0) {
		snprintf(name, sizeof(name), "%s%s", root, path);
		fd = open_regular(name, &size);
	}
	if (fd < 0 && !extension(path)) {
		/* An app route such as /projects/12: the app itself decides what to show. */
		path = "/index.html";
		return static_serve(root, &(struct request){.method = "GET", .path = path,
				    .header = req->header, .transport = req->transport}, res);
	}
	if (fd < 0)
		return res->status = 404;
	res->file_fd = fd;
	res->file_size = (size_t)size;
	res->content_type = type_of(path);
	res->vary = "Accept-Encoding";
	res->cache_control = strncmp(path, "/assets/", 8) == 0 ? "public, max-age=31536000, immutable"
								  : "no-cache";
	return res->status = 200;
}
