"""A guide's own project: ``wegweiser init`` (the content-only project), the program version it is pinned to,
and the files that publish it (GitHub Actions, GitLab CI, an own web server, the hosted browser form)."""
