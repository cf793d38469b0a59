from jncli.cli import main

main()
