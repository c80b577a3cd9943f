// The import's size limit, shared by the API, the command line and the admin page (which checks a file
// before sending it).
export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;
export const MAX_IMPORT_MB = MAX_IMPORT_BYTES / 1024 / 1024;
