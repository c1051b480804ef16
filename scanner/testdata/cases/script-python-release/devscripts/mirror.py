import os

from mirrorlib import Mirror

Mirror(token=os.environ["MIRROR_TOKEN"]).sync("acme/demo")
