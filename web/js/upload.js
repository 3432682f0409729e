// A file sent straight to S3 with a presigned POST (the photos, the large import files): loaded only by
// the screens that upload, so the first screens after login do not carry it.

// POST the file to url with the presigned POST's fields; XHR gives upload progress (progress(percent))
// on slow links.
export function postToS3(url, fields, file, progress = () => {}) {
  return new Promise((resolve, reject) => {
    const data = new FormData();
    Object.entries(fields).forEach(([k, v]) => data.append(k, v));
    data.append('file', file);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.upload.onprogress = e => { if (e.lengthComputable) progress(Math.round(100 * e.loaded / e.total)); };
    xhr.onload = () => (xhr.status < 300 ? resolve() : reject(new Error(`upload ${xhr.status}`)));
    xhr.onerror = () => reject(new Error('network'));
    xhr.send(data);
  });
}
