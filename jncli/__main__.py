from jncli.entry import main

main()
