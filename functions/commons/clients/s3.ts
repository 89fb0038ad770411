import { S3Client } from '@aws-sdk/client-s3';

// Path-style addressing only against a local S3 emulator (AWS_ENDPOINT_URL_S3).
export const s3Client = new S3Client({ forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3) });
