import argparse
import os
import subprocess

from github import Auth, Github

from devscripts.changelog import render

parser = argparse.ArgumentParser()
parser.add_argument("--tag")
args = parser.parse_args()

gh = Github(auth=Auth.Token(os.environ["GH_TOKEN"]))
repo = gh.get_repo("acme/demo")
repo.create_git_release(args.tag, args.tag, render())
subprocess.run(["gh", "workflow", "run", "publish.yml", "-f", f"tag={args.tag}"], check=True)
