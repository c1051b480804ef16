// the bundle is not read when src/ is there
