-- Erasing an account deletes its rows from every table (PhotoErasure): by index, not by scanning all uploads.
create index photo_upload_account on photo_upload (account_id);
create index photo_delivery_account on photo_delivery (account_id);
create index photo_download_account on photo_download (account_id);
