"""homeroom_video: short clips written like photos, published as H.264/AAC MP4 with a poster."""
