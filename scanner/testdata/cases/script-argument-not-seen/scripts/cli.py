import click


@click.command()
@click.argument("token")
def main(token):
    print("publishing")


main()
